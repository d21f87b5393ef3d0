package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.Handler;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.rbac.FailedLogins;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.ApiProduct;
import io.gatehouse.store.portal.Application;
import io.gatehouse.store.portal.Developer;
import io.gatehouse.store.portal.DeveloperStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The developers' API on {@code portal_api_listen}: sign up, log in (a session cookie), the
 * catalogue, applications (each a consumer with a key shown once) and subscriptions.
 */
final class DeveloperApi {
  private final Products products;
  private final Accounts accounts;
  private final Subscriptions subscriptions;
  private final Sessions sessions;
  private final FailedLogins failedLogins;
  private final ApplicationUsage usage;
  private final TryIt tryIt;

  /** What a handler that needs a logged-in developer does with it. */
  @FunctionalInterface
  private interface Authed {
    AdminResponse handle(Developer me, AdminRequest req, Map<String, String> params);
  }

  DeveloperApi(Products products, Accounts accounts, Subscriptions subscriptions, Sessions sessions,
      FailedLogins failedLogins, ApplicationUsage usage, TryIt tryIt) {
    this.products = products;
    this.accounts = accounts;
    this.subscriptions = subscriptions;
    this.sessions = sessions;
    this.failedLogins = failedLogins;
    this.usage = usage;
    this.tryIt = tryIt;
  }

  RouteTable routes() {
    RouteTable r = new RouteTable();
    r.add("/register", "POST", (req, p) -> {
      ObjectNode in = PortalAdminApi.body(req);
      Developer d = accounts.register(Json.text(in, "email"), Json.text(in, "password"));
      return AdminResponse.json(201, PortalJson.developer(d));
    });
    r.add("/session", "POST", this::login);
    r.add("/session", "DELETE", (req, p) -> {
      sessions.close(req.header("cookie"));
      return AdminResponse.empty(204).withHeader("Set-Cookie", Sessions.expired());
    });
    r.add("/developer", "GET", authed((me, req, p) -> json(PortalJson.developer(me))));
    r.add("/products", "GET", authed((me, req, p) -> json(PortalJson.page(
        products.list().stream().filter(x -> matches(x, req.queryParam("q"))).toList(), x -> PortalJson.product(x, false)))));
    r.add("/products/{product}", "GET", authed((me, req, p) -> products.find(p.get("product"))
        .map(x -> json(PortalJson.product(x, true))).orElse(AdminResponse.notFound())));
    // the document for the try-it console: JSON, its servers the proxy, the product's key as a security scheme
    r.add("/products/{product}/openapi", "GET", authed((me, req, p) -> products.find(p.get("product"))
        .map(x -> tryIt.document(x, req.header("host"))).<AdminResponse>map(DeveloperApi::json)
        .orElse(AdminResponse.notFound())));
    r.add("/applications", "GET", authed((me, req, p) -> json(PortalJson.page(accounts.applications(me.id()),
        PortalJson::application))));
    r.add("/applications", "POST", authed((me, req, p) -> {
      Accounts.CreatedApplication created = accounts.createApplication(me, Json.text(PortalAdminApi.body(req), "name"));
      // the key is shown here, once; later answers never carry it
      return AdminResponse.json(201, PortalJson.application(created.application()).put("key", created.key()));
    }));
    r.add("/applications/{application}", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> json(withSubscriptions(a))).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/subscriptions", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> json(PortalJson.page(subscriptions.list(a.id(), null, null), PortalJson::subscription)))
        .orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/subscriptions", "POST", authed((me, req, p) -> mine(me, p).map(a -> {
      ObjectNode in = PortalAdminApi.body(req);
      String productRef = Json.text(in, "product");
      if (productRef == null) {
        throw io.gatehouse.core.error.KongException.schemaViolation(Json.object().put("product", "required field missing"));
      }
      ApiProduct product = products.find(productRef).orElseThrow(() -> io.gatehouse.core.error.KongException
          .schemaViolation(Json.object().put("product", "no product with id or name '" + productRef + "'")));
      return AdminResponse.json(201, PortalJson.subscription(subscriptions.subscribe(a, product, Json.text(in, "plan"))));
    }).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/calls", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> usage.calls(a, req)).orElse(AdminResponse.notFound())));
    r.add("/applications/{application}/usage", "GET", authed((me, req, p) -> mine(me, p)
        .map(a -> usage.usage(a, req)).orElse(AdminResponse.notFound())));
    return r;
  }

  private AdminResponse login(AdminRequest req, Map<String, String> params) {
    long wait = failedLogins.retryAfterSeconds(req.clientAddress());
    if (wait > 0) { // refused whatever the password, so a right guess cannot be told apart
      return AdminResponse.message(429, "Too many failed login attempts; retry later")
          .withHeader("Retry-After", Long.toString(wait));
    }
    ObjectNode in = PortalAdminApi.body(req);
    Optional<Developer> d = accounts.authenticate(Json.text(in, "email"), Json.text(in, "password"));
    if (d.isEmpty()) {
      failedLogins.failed(req.clientAddress());
      return AdminResponse.message(401, "Invalid e-mail address or password");
    }
    if (d.get().status() != DeveloperStatus.APPROVED) {
      return AdminResponse.message(403, d.get().status() == DeveloperStatus.PENDING
          ? "Your account is waiting for approval" : "Your account was not approved");
    }
    String token = sessions.open(d.get().id());
    return json(PortalJson.developer(d.get())).withHeader("Set-Cookie", sessions.cookie(token, false));
  }

  /** The logged-in, still approved developer, or 401. */
  private Handler authed(Authed then) {
    return (req, p) -> {
      Optional<Developer> me = sessions.developer(req.header("cookie")).flatMap(accounts::developer)
          .filter(d -> d.status() == DeveloperStatus.APPROVED);
      return me.isEmpty() ? AdminResponse.message(401, "Log in first") : then.handle(me.get(), req, p);
    };
  }

  private Optional<Application> mine(Developer me, Map<String, String> p) {
    return accounts.application(p.get("application")).filter(a -> a.developerId().equals(me.id()));
  }

  private ObjectNode withSubscriptions(Application a) {
    ObjectNode o = PortalJson.application(a);
    ArrayNode subs = o.putArray("subscriptions");
    subscriptions.list(a.id(), null, null).forEach(s -> subs.add(PortalJson.subscription(s)));
    return o;
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
}
