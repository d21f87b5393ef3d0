package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.RbacUser;
import io.gatehouse.store.rbac.Workspaces;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every routed Admin API request by its token header and checks the caller's roles:
 * endpoint permissions, entity permissions, or both, as {@link EnforceMode} says. Answers in Kong
 * Enterprise's shapes: 401 without or with a wrong token, 403 naming the user and the action.
 * With a basic-auth login, {@code GET /auth} with a password opens a session whose cookie stands in
 * for the token. The caller's own endpoints ({@code /userinfo}, {@code /auth}) need no permission.
 */
final class RbacFilter implements AdminFilter {
  private static final Logger LOG = LoggerFactory.getLogger(RbacFilter.class);
  static final String NO_TOKEN = "Invalid credentials. Token or User credentials required";
  static final String BAD_TOKEN = "Invalid RBAC credentials";
  static final String USERINFO = "/userinfo";
  static final String AUTH = "/auth";

  private final EnforceMode mode;
  private final String header;
  private final RbacStore store;
  private final Authenticator authenticator;
  private final AddressThrottle failures;
  private final EntityTargets targets;
  private final EntityGrants grants;
  private final UserInfo userInfo;
  private final @Nullable BasicAuthLogin login;

  RbacFilter(EnforceMode mode, String header, RbacStore store, Authenticator authenticator, AddressThrottle failures,
      EntityTargets targets, @Nullable BasicAuthLogin login) {
    this.mode = mode;
    this.header = header;
    this.store = store;
    this.authenticator = authenticator;
    this.failures = failures;
    this.targets = targets;
    this.grants = new EntityGrants(store, targets);
    this.userInfo = new UserInfo(store);
    this.login = login;
  }

  @Override
  public AdminResponse filter(AdminCall call, Next next) {
    String address = call.request().clientAddress();
    long wait = failures.retryAfterSeconds(address);
    if (wait > 0) {
      return AdminResponse.message(429, "Too many failed authentication attempts; retry later")
          .withHeader("Retry-After", Long.toString(wait));
    }
    boolean auth = call.template().equals(AUTH);
    if (login != null && auth && call.request().method().equals("GET") && BasicAuthLogin.hasBasic(call.request())) {
      Optional<RbacUser> user = login.verify(call.request());
      if (user.isEmpty()) {
        failures.count(address);
        LOG.warn("Manager login with a wrong user or password from {}", address);
        return AdminResponse.message(401, BAD_TOKEN);
      }
      call.caller(new AdminCall.Caller(user.get().id(), user.get().name()));
      return login.opened(user.get(), AdminResponse.json(200, userInfo.of(user.get())));
    }
    String token = call.request().header(header);
    Optional<RbacUser> user;
    if (token != null && !token.isEmpty()) {
      user = authenticator.authenticate(token);
      if (user.isEmpty()) {
        failures.count(address);
        LOG.warn("admin request with an invalid RBAC token from {}: {} {}", address, call.request().method(), call.request().path());
        return AdminResponse.message(401, BAD_TOKEN);
      }
    } else {
      // a session cookie is no guess at a secret (256 random bits): an expired one is not a failure
      user = login == null ? Optional.empty() : login.sessionUser(call.request());
      if (user.isEmpty()) {
        return AdminResponse.message(401, NO_TOKEN);
      }
    }
    RbacUser u = user.get();
    call.caller(new AdminCall.Caller(u.id(), u.name()));
    if (call.template().equals(USERINFO) || (auth && call.request().method().equals("GET"))) {
      return AdminResponse.json(200, userInfo.of(u));
    }
    if (auth && call.request().method().equals("DELETE") && login != null) {
      return login.logout(call.request());
    }
    Action action = Action.ofMethod(call.request().method());
    if (action == null) {
      return forbidden(u, "access");
    }
    List<RbacRole> roles = store.users().roles(u.id());
    List<String> roleIds = roles.stream().map(RbacRole::id).toList();
    boolean entityRoute = targets.isEntityRoute(call.template());
    if (mode.checksEndpoint(entityRoute)) {
      List<io.gatehouse.store.rbac.EndpointPermission> endpoints = store.permissions().endpoints(roleIds);
      String ws = io.gatehouse.admin.http.WorkspaceRef.of(call.params()).name();
      for (Action needed : required(call, action)) {
        if (!EndpointRules.allows(endpoints, ws, call.request().path(), needed)) {
          return forbidden(u, needed.kongName());
        }
        String products = productsPath(call, action);
        if (products != null && !EndpointRules.allows(endpoints, ws, products, needed)) {
          return forbidden(u, needed.kongName());
        }
      }
    }
    if (!mode.checksEntities() || !entityRoute) {
      return next.proceed();
    }
    List<EntityPermission> rules = store.permissions().entities(entityRoleIds(roles, call));
    EntityTargets.Target target = targets.target(call);
    if (target != null && !EntityRules.allows(rules, target.id(), action)) {
      return forbidden(u, action.kongName());
    }
    AdminResponse response = next.proceed();
    if (action == Action.CREATE && response.status() == 201) {
      grants.grantToCreator(u, call, response);
    }
    return action == Action.READ ? readable(response, rules) : response;
  }

  /**
   * The roles whose entity permissions count in the request's workspace: that workspace's roles,
   * and the default workspace's (whose wildcard reaches every workspace, as its endpoint rules can:
   * the pre-made roles live there). A role of another workspace names only its own entities.
   */
  private static List<String> entityRoleIds(List<RbacRole> roles, AdminCall call) {
    String wsId = io.gatehouse.admin.http.WorkspaceRef.of(call.params()).id();
    return roles.stream().filter(r -> r.wsId().equals(wsId) || r.wsId().equals(Workspaces.DEFAULT_ID))
        .map(RbacRole::id).toList();
  }

  /**
   * The actions a request needs: its method's, except an import of a whole workspace
   * ({@code POST /declarative}), which creates, updates and deletes entities at once.
   */
  private static List<Action> required(AdminCall call, Action action) {
    if (call.template().equals(io.gatehouse.admin.api.DeclarativeApi.PATH) && action == Action.CREATE) {
      return List.of(Action.CREATE, Action.UPDATE, Action.DELETE);
    }
    return List.of(action);
  }

  /**
   * An import whose file may carry the portal's products ({@code _gatehouse_products}) writes them too,
   * so it needs the same actions on the workspace's {@code /portal/products}; null for any other call.
   * The body is only searched for the key: a file that merely mentions it is held to the stricter rule.
   */
  private static @org.jspecify.annotations.Nullable String productsPath(AdminCall call, Action action) {
    if (action != Action.CREATE || !call.template().equals(io.gatehouse.admin.api.DeclarativeApi.PATH)) return null;
    byte[] body = call.request().body();
    if (body == null || !new String(body, java.nio.charset.StandardCharsets.UTF_8)
        .contains(io.gatehouse.core.declarative.DeclarativeConfig.PRODUCTS)) {
      return null;
    }
    String path = call.request().path();
    int at = path.lastIndexOf(io.gatehouse.admin.api.DeclarativeApi.PATH);
    return (at < 0 ? "" : path.substring(0, at)) + "/portal/products";
  }

  /** A listing with the entities the caller may not read left out. */
  private static AdminResponse readable(AdminResponse response, List<EntityPermission> rules) {
    if (response.status() != 200 || !(response.body() instanceof ObjectNode body) || !(body.get("data") instanceof ArrayNode data)) {
      return response;
    }
    ArrayNode kept = Json.array();
    for (JsonNode e : data) {
      String id = e.path("id").asText("");
      if (!id.isEmpty() && EntityRules.allows(rules, id, Action.READ)) {
        kept.add(e);
      }
    }
    ObjectNode copy = body.deepCopy();
    copy.set("data", kept);
    return new AdminResponse(response.status(), copy, response.headers(), response.text());
  }

  private static AdminResponse forbidden(RbacUser u, String action) {
    return AdminResponse.message(403, u.name() + ", you do not have permissions to " + action + " this resource");
  }
}
