package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.Handler;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.login.Sessions;
import io.gatehouse.admin.rbac.AddressThrottle;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.Application;
import io.gatehouse.store.portal.Developer;
import io.gatehouse.store.portal.DeveloperStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The developers' API on {@code portal_api_listen}: sign up, log in (a session cookie), the
 * catalogue, applications (each a consumer with a key shown once) and subscriptions.
 */
final class DeveloperApi {
  /**
   * Sign-up attempts an address may make a minute, successful or not: a person signs up once, a few
   * behind one NAT address rarely more at once, while a script gets 10 Argon2id hashes and rows a
   * minute instead of as many as the cores allow (the login rule's number).
   */
  static final int SIGN_UPS = 10;

  private final WorkspacePortals portals;
  private final Sessions sessions;
  private final AddressThrottle failedLogins;
  private final AddressThrottle signUps;
  private final ApplicationUsage usage;
  private final Predicate<WorkspaceRef> passwords;

  /** What a handler that needs a logged-in developer does with it. */
  @FunctionalInterface
  private interface Authed {
    AdminResponse handle(Developer me, AdminRequest req, Map<String, String> params);
  }
  private final boolean secure;

  /**
   * @param portals each workspace's portal; a request's workspace is its path prefix ({@code /{workspace}/…})
   * @param secure the listener speaks HTTPS: session cookies get {@code Secure}
   * @param passwords whether a workspace's portal has e-mail and password accounts now (not an OpenID-only one)
   */
  DeveloperApi(WorkspacePortals portals, Sessions sessions, AddressThrottle failedLogins, AddressThrottle signUps,
      ApplicationUsage usage, boolean secure, Predicate<WorkspaceRef> passwords) {
    this.secure = secure;
    this.passwords = passwords;
    this.portals = portals;
    this.sessions = sessions;
    this.failedLogins = failedLogins;
    this.signUps = signUps;
    this.usage = usage;
  }

  RouteTable routes() {
    RouteTable r = new RouteTable();
    r.add("/register", "POST", withPasswords(this::signUp));
    r.add("/session", "POST", withPasswords(this::login));
    r.add("/session", "DELETE", (req, p) -> {
      sessions.close(req.header("cookie"));
      return AdminResponse.empty(204).withHeader("Set-Cookie", sessions.expired(cookiePath(p)));
    });
    r.add("/developer", "GET", authed((me, req, p) -> json(PortalJson.developer(me))));
    r.add("/products", "GET", authed((me, req, p) -> json(PortalJson.page(
        portals.of(p).products().list().stream().filter(x -> matches(x, req.queryParam("q"))).toList(), x -> PortalJson.product(x, false)))));
    r.add("/products/{product}", "GET", authed((me, req, p) -> portals.of(p).products().find(p.get("product"))
        .map(x -> json(PortalJson.product(x, true))).orElse(AdminResponse.notFound())));
    // the document for the try-it console: JSON, its servers the proxy, the product's key as a security scheme
    r.add("/products/{product}/openapi", "GET", authed((me, req, p) -> portals.of(p).products().find(p.get("product"))
        .map(x -> portals.of(p).tryIt().document(x, pageHost(req))).<AdminResponse>map(DeveloperApi::json)
        .orElse(AdminResponse.notFound())));
    r.add("/applications", "GET", authed((me, req, p) -> json(PortalJson.page(portals.of(p).accounts().applications(me.id()),
        a -> withClientId(a, p)))));
    r.add("/applications", "POST", authed((me, req, p) -> {
      Accounts.CreatedApplication created = portals.of(p).accounts().createApplication(me, Json.text(PortalAdminApi.body(req), "name"));
      // the key and client secret are shown here, once; later answers never carry them
      return AdminResponse.json(201, PortalJson.withCredentials(PortalJson.application(created.application()),
          created.credentials()));
    }));
    r.add("/applications/{application}", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> json(withSubscriptions(a, p))).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/subscriptions", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> json(PortalJson.page(portals.of(p).subscriptions().list(a.id(), null, null), PortalJson::subscription)))
        .orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/subscriptions", "POST", authed((me, req, p) -> mine(me, p).map(a -> {
      ObjectNode in = PortalAdminApi.body(req);
      String productRef = Json.text(in, "product");
      if (productRef == null) {
        throw io.gatehouse.core.error.KongException.schemaViolation(Json.object().put("product", "required field missing"));
      }
      ApiProduct product = portals.of(p).products().find(productRef).orElseThrow(() -> io.gatehouse.core.error.KongException
          .schemaViolation(Json.object().put("product", "no product with id or name '" + productRef + "'")));
      return AdminResponse.json(201, PortalJson.subscription(portals.of(p).subscriptions().subscribe(a, product, Json.text(in, "plan"))));
    }).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/calls", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> usage.calls(a, req)).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/usage", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> usage.usage(a, req)).orElse(AdminResponse.notFound())));
    // the account and its applications' life cycle (issue 20): deletion, key rotation, plan changes
    r.add("/developer", "DELETE", authed((me, req, p) -> {
      portals.of(p).accounts().deleteDeveloper(me);
      sessions.closeAll(me.id());
      return AdminResponse.empty(204).withHeader("Set-Cookie", sessions.expired(cookiePath(p)));
    }));
    r.add("/applications/{application}", "DELETE", authed((me, req, p) -> mine(me, p).map(a -> {
      portals.of(p).accounts().deleteApplication(a);
      return AdminResponse.empty(204);
    }).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/key", "POST", authed((me, req, p) -> mine(me, p)
        .map(a -> json(PortalJson.withCredentials(PortalJson.application(a), portals.of(p).accounts().rotateKey(a))))
        .orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/subscriptions/{subscription}", "PATCH", authed((me, req, p) -> mine(me, p)
        .flatMap(a -> portals.of(p).subscriptions().find(p.get("subscription")).filter(s -> s.applicationId().equals(a.id())))
        .map(s -> {
          ApiProduct product = portals.of(p).products().find(s.productId()).orElseThrow();
          if (!product.autoApprove()) { // the operator approved this tier; another one is theirs to give
            return AdminResponse.message(403, "The plans of " + product.name() + " are changed by an operator");
          }
          return json(PortalJson.subscription(portals.of(p).subscriptions().changePlan(s, Json.text(PortalAdminApi.body(req), "plan"))));
        }).orElse(AdminResponse.notFound())));
    return r;
  }

  private AdminResponse signUp(AdminRequest req, Map<String, String> p) {
    long wait = signUps.retryAfterSeconds(req.clientAddress());
    if (wait > 0) { // before the body is parsed: a refused sign-up costs no hash and no row
      return AdminResponse.message(429, "Too many sign-ups from this address; retry later")
          .withHeader("Retry-After", Long.toString(wait));
    }
    signUps.count(req.clientAddress()); // every attempt, also one that then fails (a taken address costs a hash too)
    ObjectNode in = PortalAdminApi.body(req);
    Developer d = portals.of(p).accounts().register(Json.text(in, "email"), Json.text(in, "password"));
    return AdminResponse.json(201, PortalJson.developer(d));
  }

  private AdminResponse login(AdminRequest req, Map<String, String> p) {
    long wait = failedLogins.retryAfterSeconds(req.clientAddress());
    if (wait > 0) { // refused whatever the password, so a right guess cannot be told apart
      return AdminResponse.message(429, "Too many failed login attempts; retry later")
          .withHeader("Retry-After", Long.toString(wait));
    }
    ObjectNode in = PortalAdminApi.body(req);
    Optional<Developer> d = portals.of(p).accounts().authenticate(Json.text(in, "email"), Json.text(in, "password"));
    if (d.isEmpty()) {
      failedLogins.count(req.clientAddress());
      return AdminResponse.message(401, "Invalid e-mail address or password");
    }
    if (d.get().status() != DeveloperStatus.APPROVED) {
      return AdminResponse.message(403, d.get().status() == DeveloperStatus.PENDING
          ? "Your account is waiting for approval" : "Your account was not approved");
    }
    String token = sessions.open(d.get().id());
    return json(PortalJson.developer(d.get())).withHeader("Set-Cookie", sessions.cookie(token, secure, cookiePath(p)));
  }

  /**
   * A password sign-up or login, on a portal that has them; an OpenID-only one ({@code portal_auth =
   * openid-connect}) answers 404, as Kong Enterprise's portal API does for an auth it does not use.
   */
  private Handler withPasswords(Handler then) {
    return (req, p) -> passwords.test(WorkspaceRef.of(p)) ? then.handle(req, p)
        : AdminResponse.message(404, "This portal has no password accounts; log in through its OpenID provider");
  }

  /** The logged-in, still approved developer, or 401. */
  private Handler authed(Authed then) {
    return (req, p) -> {
      Optional<Developer> me = sessions.subject(req.header("cookie")).flatMap(portals.of(p).accounts()::developer)
          .filter(d -> d.status() == DeveloperStatus.APPROVED);
      return me.isEmpty() ? AdminResponse.message(401, "Log in first") : then.handle(me.get(), req, p);
    };
  }

  private Optional<Application> mine(Developer me, Map<String, String> p) {
    return portals.of(p).accounts().application(p.get("application")).filter(a -> a.developerId().equals(me.id()));
  }

  /** The application with its OAuth 2.0 client id when it has a client (never the secret). */
  private ObjectNode withClientId(Application a, Map<String, String> p) {
    ObjectNode o = PortalJson.application(a);
    String clientId = portals.of(p).accounts().clientId(a);
    if (clientId != null) o.put("client_id", clientId);
    return o;
  }

  private ObjectNode withSubscriptions(Application a, Map<String, String> p) {
    ObjectNode o = withClientId(a, p);
    ArrayNode subs = o.putArray("subscriptions");
    portals.of(p).subscriptions().list(a.id(), null, null).forEach(s -> subs.add(PortalJson.subscription(s)));
    return o;
  }

  /** A workspace's portal keeps its session cookie under its prefix, so logins to two portals coexist. */
  static String cookiePath(Map<String, String> p) {
    return cookiePath(WorkspaceRef.of(p));
  }

  static String cookiePath(WorkspaceRef ws) {
    return ws.isDefault() ? "/" : "/" + ws.name();
  }

  private static boolean matches(ApiProduct p, @org.jspecify.annotations.Nullable String q) {
    if (q == null || q.isBlank()) return true;
    String needle = q.trim().toLowerCase(Locale.ROOT);
    return p.name().toLowerCase(Locale.ROOT).contains(needle)
        || (p.description() != null && p.description().toLowerCase(Locale.ROOT).contains(needle));
  }

  private static AdminResponse json(ObjectNode body) {
    return AdminResponse.json(200, body);
  }

  /**
   * The host the page was loaded from, for try-it's servers: its {@code Origin}'s (the page may call
   * the API under another name, {@code portal_api_url}), else the request's {@code Host}.
   */
  private static @org.jspecify.annotations.Nullable String pageHost(AdminRequest req) {
    String origin = req.header("origin");
    int scheme = origin == null ? -1 : origin.indexOf("://");
    return scheme > 0 ? origin.substring(scheme + 3) : req.header("host");
  }
}
