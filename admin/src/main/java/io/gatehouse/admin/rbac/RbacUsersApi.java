package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.admin.login.Passwords;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.RbacUser;
import io.gatehouse.store.rbac.Workspaces;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code /rbac/users} and {@code /rbac/users/{u}/roles}. A token is hashed before it is stored and
 * shown in plain text only in the answer to the request that set it; a user created without one
 * gets a random token. Each new user also gets its default role: the role with its name, created
 * (as {@code is_default}) unless a role of that name exists — so a user named {@code super-admin}
 * is a super admin, as in Kong Enterprise. An optional {@code password} (for the Manager's
 * basic-auth login) is stored as an Argon2id hash and never shown; {@code PATCH} with
 * {@code "password": null} removes it.
 */
final class RbacUsersApi {
  private static final Set<String> USER_FIELDS = Set.of("name", "user_token", "comment", "enabled", "password");
  static final int MIN_PASSWORD = 8;

  private final RbacStore store;
  private final TokenHasher hasher;
  private final Passwords passwords;
  private final Clock clock;
  // ends a user's Manager login sessions (basic-auth) when the password changes or the user goes
  private final java.util.function.Consumer<String> endSessions;

  RbacUsersApi(RbacStore store, TokenHasher hasher, Passwords passwords, Clock clock,
      java.util.function.Consumer<String> endSessions) {
    this.endSessions = endSessions;
    this.store = store;
    this.hasher = hasher;
    this.passwords = passwords;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.add("/rbac/users", "GET", (req, p) -> AdminResponse.json(200,
            RbacJson.page(store.users().list(Workspaces.DEFAULT_ID), u -> RbacJson.user(u, null))))
        .add("/rbac/users", "POST", (req, p) -> create(req))
        .add("/rbac/users/{rbac_users}", "GET", (req, p) -> withUser(p, u -> AdminResponse.json(200, RbacJson.user(u, null))))
        .add("/rbac/users/{rbac_users}", "PATCH", (req, p) -> withUser(p, u -> update(u, req)))
        .add("/rbac/users/{rbac_users}", "DELETE", (req, p) -> delete(p.get("rbac_users")))
        .add("/rbac/users/{rbac_users}/roles", "GET", (req, p) -> withUser(p, u -> AdminResponse.json(200, roles(u))))
        .add("/rbac/users/{rbac_users}/roles", "POST", (req, p) -> withUser(p, u -> addRoles(u, req, WorkspaceRef.of(p))))
        .add("/rbac/users/{rbac_users}/roles", "DELETE", (req, p) -> withUser(p, u -> removeRoles(u, req, WorkspaceRef.of(p))));
  }

  /** Creates a user with {@code token}: the bootstrap admin and the API share this. */
  RbacUser create(String name, String token, @Nullable String comment, boolean enabled) {
    refuseTakenToken(token, null);
    long now = clock.millis() / 1000;
    RbacUser u = store.users().insert(new RbacUser(UUID.randomUUID().toString(), Workspaces.DEFAULT_ID, name,
        hasher.hash(token), TokenHasher.ident(token), comment, enabled, now, now));
    Optional<RbacRole> own = store.roles().find(Workspaces.DEFAULT_ID, name);
    RbacRole role = own.orElseGet(() -> store.roles().insert(
        new RbacRole(UUID.randomUUID().toString(), Workspaces.DEFAULT_ID, name, null, true, now, now)));
    store.users().addRole(u.id(), role.id());
    return u;
  }

  private AdminResponse create(AdminRequest req) {
    RbacInput in = RbacInput.of(req, USER_FIELDS);
    String name = in.required("name");
    String token = in.text("user_token");
    String password = password(in);
    String plain = token == null ? TokenHasher.newToken() : token;
    RbacUser u = create(name, plain, in.text("comment"), in.bool("enabled", true));
    if (password != null) {
      store.users().passwordHash(u.id(), passwords.hash(password), clock.millis() / 1000);
    }
    return AdminResponse.json(201, RbacJson.user(u, plain));
  }

  private AdminResponse update(RbacUser u, AdminRequest req) {
    RbacInput in = RbacInput.of(req, USER_FIELDS);
    String token = in.text("user_token");
    if (token != null) {
      refuseTakenToken(token, u.id());
    }
    String password = password(in);
    if (in.has("password")) {
      store.users().passwordHash(u.id(), password == null ? null : passwords.hash(password), clock.millis() / 1000);
      endSessions.accept(u.id());
    }
    RbacUser changed = new RbacUser(u.id(), u.wsId(),
        in.has("name") ? in.required("name") : u.name(),
        token == null ? u.tokenHash() : hasher.hash(token),
        token == null ? u.tokenIdent() : TokenHasher.ident(token),
        in.has("comment") ? in.text("comment") : u.comment(),
        in.bool("enabled", u.enabled()), u.createdAt(), clock.millis() / 1000);
    return AdminResponse.json(200, RbacJson.user(store.users().replace(changed), token));
  }

  private AdminResponse delete(String key) {
    Optional<RbacUser> u = store.users().find(Workspaces.DEFAULT_ID, key);
    if (u.isEmpty()) {
      return AdminResponse.empty(204);
    }
    List<RbacRole> roles = store.users().roles(u.get().id());
    store.users().delete(u.get().id());
    endSessions.accept(u.get().id());
    roles.stream().filter(r -> r.isDefault() && r.name().equals(u.get().name()))
        .forEach(r -> store.roles().delete(r.id()));
    return AdminResponse.empty(204);
  }

  private ObjectNode roles(RbacUser u) {
    ArrayNode roles = Json.array();
    store.users().roles(u.id()).forEach(r -> roles.add(RbacJson.role(r)));
    ObjectNode o = Json.object();
    o.set("user", RbacJson.user(u, null));
    o.set("roles", roles);
    return o;
  }

  /** Users live in the default workspace; {@code /{workspace}/rbac/users/{u}/roles} gives them that workspace's roles. */
  private AdminResponse addRoles(RbacUser u, AdminRequest req, WorkspaceRef ws) {
    for (RbacRole r : named(RbacInput.of(req, Set.of("roles")).names("roles"), ws)) {
      store.users().addRole(u.id(), r.id());
    }
    return AdminResponse.json(201, roles(u));
  }

  private AdminResponse removeRoles(RbacUser u, AdminRequest req, WorkspaceRef ws) {
    for (RbacRole r : named(RbacInput.of(req, Set.of("roles")).names("roles"), ws)) {
      store.users().removeRole(u.id(), r.id());
    }
    return AdminResponse.empty(204);
  }

  private List<RbacRole> named(List<String> names, WorkspaceRef ws) {
    List<RbacRole> out = new ArrayList<>();
    for (String n : names) {
      out.add(store.roles().find(ws.id(), n)
          .orElseThrow(() -> RbacInput.violation("roles", "role not found with name '" + n + "'")));
    }
    return out;
  }

  /** The {@code password} field, checked: null when absent or null. */
  private static @Nullable String password(RbacInput in) {
    String p = in.text("password");
    if (p != null && p.length() < MIN_PASSWORD) {
      throw RbacInput.violation("password", "expected at least " + MIN_PASSWORD + " characters");
    }
    return p;
  }

  /** Two users with one token would make the token's owner ambiguous. */
  private void refuseTakenToken(String token, @Nullable String exceptUserId) {
    for (RbacUser other : store.users().byTokenIdent(TokenHasher.ident(token))) {
      if (!other.id().equals(exceptUserId) && hasher.verify(token, other.tokenHash())) {
        throw KongException.uniqueViolation(Map.of("user_token", Json.NODES.textNode(io.gatehouse.core.vault.Redaction.REDACTED)));
      }
    }
  }

  private AdminResponse withUser(Map<String, String> params, java.util.function.Function<RbacUser, AdminResponse> then) {
    return store.users().find(Workspaces.DEFAULT_ID, params.get("rbac_users")).map(then).orElse(AdminResponse.notFound());
  }
}
