package io.gatehouse.admin.rbac;

import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.login.Passwords;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.Workspaces;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Admin API RBAC for one node: the {@code /rbac/*} endpoints and, unless {@link EnforceMode#OFF},
 * the filter every routed request passes. Creating one makes sure the pre-made roles exist.
 */
public final class Rbac {
  /** Kong's {@code admin_gui_auth_header} default. */
  public static final String DEFAULT_HEADER = "Kong-Admin-Token";
  /** The user Kong's bootstrap creates from {@code KONG_PASSWORD}. */
  public static final String BOOTSTRAP_USER = "kong_admin";

  private final EnforceMode mode;
  private final String header;
  private final RbacStore store;
  private final Clock clock;
  private final TokenHasher hasher = new TokenHasher();
  private final Passwords passwords = new Passwords();
  // one count per address for bad tokens and bad passwords alike
  private final AddressThrottle failures;
  private @Nullable BasicAuthLogin login;
  private java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> workspaceConfigCheck = config -> {};
  private java.util.function.BiConsumer<io.gatehouse.store.rbac.Workspace, io.gatehouse.store.rbac.Workspace> workspaceChange =
      (before, after) -> {};

  private Rbac(EnforceMode mode, String header, RbacStore store, Clock clock) {
    this.mode = mode;
    this.header = header;
    this.store = store;
    this.clock = clock;
    this.failures = new AddressThrottle(AddressThrottle.FAILED_LOGINS, clock::millis);
  }

  /**
   * RBAC over {@code store}'s tables.
   *
   * @param header the request header carrying the token ({@code admin_gui_auth_header})
   */
  public static Rbac create(EnforceMode mode, String header, RbacStore store, Clock clock) {
    Objects.requireNonNull(mode, "mode");
    if (Objects.requireNonNull(header, "header").isBlank()) {
      throw new IllegalArgumentException("admin_gui_auth_header: expected a header name, got an empty value");
    }
    Rbac rbac = new Rbac(mode, header.trim(), Objects.requireNonNull(store, "store"), Objects.requireNonNull(clock, "clock"));
    PremadeRoles.ensure(store, clock);
    return rbac;
  }

  public EnforceMode mode() {
    return mode;
  }

  /**
   * Told of each workspace a {@code PATCH /workspaces/{ws}} changed (before, after), after it is
   * stored; call before {@link #register}. The portal points its cors plugins at a changed
   * {@code config.portal_cors_origins}.
   */
  public Rbac onWorkspaceChange(java.util.function.BiConsumer<io.gatehouse.store.rbac.Workspace, io.gatehouse.store.rbac.Workspace> listener) {
    this.workspaceChange = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The workspaces (they live next to the RBAC tables); the portal reads which have theirs on. */
  public io.gatehouse.store.rbac.WorkspaceRows workspaces() {
    return store.workspaces();
  }

  /**
   * Kong Enterprise's {@code admin_gui_auth = basic-auth}: serves {@code GET}/{@code DELETE /auth},
   * where an RBAC user with a password logs in to a cookie session. Call before {@link #register}.
   *
   * @throws IllegalStateException when RBAC is off (there is nobody to log in as)
   */
  public Rbac withBasicAuth(LoginSessions sessions) {
    if (mode == EnforceMode.OFF) {
      throw new IllegalStateException("admin_gui_auth = basic-auth needs enforce_rbac = on, entity or both");
    }
    this.login = new BasicAuthLogin(store, passwords, Objects.requireNonNull(sessions, "sessions"), clock);
    return this;
  }

  /**
   * Checks a workspace's {@code config} before {@code /workspaces} stores it (the portal's login keys);
   * call before {@link #register}.
   */
  public Rbac withWorkspaceConfigCheck(java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> check) {
    this.workspaceConfigCheck = Objects.requireNonNull(check, "check");
    return this;
  }

  /**
   * Kong's bootstrap with {@code KONG_PASSWORD}: creates {@code kong_admin} with that token and the
   * super-admin role unless the user exists; returns whether it created it.
   */
  public boolean bootstrap(@Nullable String password) {
    if (password == null || password.isEmpty() || store.users().find(Workspaces.DEFAULT_ID, BOOTSTRAP_USER).isPresent()) {
      return false;
    }
    var user = users().create(BOOTSTRAP_USER, password, "created at bootstrap from the password setting", true);
    store.roles().find(Workspaces.DEFAULT_ID, PremadeRoles.SUPER_ADMIN).ifPresent(r -> store.users().addRole(user.id(), r.id()));
    return true;
  }

  /** Adds the {@code /rbac/*} and {@code /workspaces} endpoints (the workspaces live next to the RBAC tables). */
  public void register(RouteTable routes, SchemaRegistry registry, ConfigStore config) {
    users().register(routes);
    new RbacRolesApi(store, clock).register(routes);
    new RbacPermissionsApi(store, new EntityTargets(registry, config), clock).register(routes);
    new RbacPermissionMapApi(store).register(routes);
    // answered by the filter for the authenticated caller; these handlers run only with RBAC off
    routes.add(RbacFilter.USERINFO, "GET", (req, p) -> AdminResponse.message(404, "No RBAC user: enforce_rbac is off"));
    if (login != null) {
      routes.add(RbacFilter.AUTH, "GET", (req, p) -> AdminResponse.message(404, "No RBAC user: enforce_rbac is off"))
          .add(RbacFilter.AUTH, "DELETE", (req, p) -> AdminResponse.empty(204));
    }
    new io.gatehouse.admin.workspaces.WorkspacesApi(store.workspaces(), clock, wsId -> registry.all().stream()
        .anyMatch(s -> !config.list(s.name(), io.gatehouse.store.PageQuery.first(1).inWorkspace(wsId)).data().isEmpty()))
        .withConfigCheck(workspaceConfigCheck)
        .onChange(workspaceChange)
        .register(routes);
    // /{workspace}/… prefixes: the RBAC endpoints here, the entity endpoints where they are added
    routes.workspaces(name -> store.workspaces().find(name).filter(w -> w.name().equals(name))
        .map(w -> new io.gatehouse.admin.http.WorkspaceRef(w.id(), w.name())), template -> template.startsWith("/rbac/roles") || template.equals("/rbac/users/{rbac_users}/roles"));
  }

  /** The filter enforcing this mode; {@link AdminFilter#NONE} when it is off. */
  public AdminFilter filter(SchemaRegistry registry, ConfigStore config) {
    if (mode == EnforceMode.OFF) {
      return AdminFilter.NONE;
    }
    return new RbacFilter(mode, header, store, new Authenticator(store.users(), hasher),
        failures, new EntityTargets(registry, config), login);
  }

  private RbacUsersApi users() {
    BasicAuthLogin l = login;
    return new RbacUsersApi(store, hasher, passwords, clock, l == null ? id -> {} : l::closeAll);
  }
}
