package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.analytics.CallLog;
import io.gatehouse.admin.analytics.CallQueries;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.login.Sessions;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.portal.PortalStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The developer portal of one node: the operator's {@code /portal/*} Admin API endpoints
 * ({@link #register}) and the developers' API ({@link #startApi}, {@code portal_api_listen}); the
 * pages the developers use are module {@code portal}'s. Portal rows live in
 * {@link PortalStore}; what the proxy enforces is written as ordinary tagged Kong entities.
 */
public final class Portal {
  /** How long a developer's login lasts. */
  static final Duration SESSION_LIFETIME = Duration.ofHours(8);
  private static final int MAX_BODY = 1 << 20;

  private final PortalStore store;
  private final Clock clock;
  private final WorkspacePortals portals;
  private final Sessions sessions;
  private final io.gatehouse.admin.rbac.AddressThrottle failedLogins;
  private final io.gatehouse.admin.rbac.AddressThrottle signUps;
  private final ApplicationUsage usage;
  private final OidcLogins oidcLogins;
  private volatile PortalAuth nodeAuth = PortalAuth.none();
  // a workspace's config (by id), read per request: its portal_auto_approve, portal_auth and portal_auth_conf
  private volatile Function<String, JsonNode> workspaceConfig = id -> Json.object();
  private final DocsSettings docs;
  private volatile List<String> apiHosts = List.of();

  private Portal(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock, boolean autoApproveDevelopers,
      @Nullable CallQueries calls, DocsSettings docs) {
    this.store = store;
    this.clock = clock;
    this.portals = new WorkspacePortals(store, config, registry, clock, autoApproveDevelopers, docs);
    this.sessions = new Sessions("portal_session", clock, SESSION_LIFETIME, store.sessions("portal_session"));
    this.failedLogins = new io.gatehouse.admin.rbac.AddressThrottle(io.gatehouse.admin.rbac.AddressThrottle.FAILED_LOGINS, clock::millis);
    this.signUps = new io.gatehouse.admin.rbac.AddressThrottle(DeveloperApi.SIGN_UPS, clock::millis);
    this.usage = new ApplicationUsage(calls, clock);
    this.oidcLogins = new OidcLogins(new PendingLogins(store.oidcLogins(), clock));
    portals.workspaceAutoApprove(id -> Optional.ofNullable(workspaceConfig.apply(id).get("portal_auto_approve"))
        .filter(JsonNode::isBoolean).map(JsonNode::asBoolean));
    this.docs = docs;
  }

  /**
   * The public host names the developers' API is reached under ({@code portal_api_url}'s, or
   * {@code portal_gui_host}'s when pages call it on their own host): a loopback listener answers to
   * them too (it otherwise refuses foreign {@code Host}s). Call before {@link #startApi}.
   */
  public Portal withApiHosts(List<String> hosts) {
    this.apiHosts = List.copyOf(hosts);
    return this;
  }

  /**
   * Reads each workspace's {@code config} (Kong Enterprise keeps its portal settings there) per
   * request: {@code portal_auto_approve} at each sign-up, {@code portal_auth} and {@code
   * portal_auth_conf} at each login; what a workspace leaves out, the node's settings give.
   *
   * @param byWorkspaceId a workspace's config object (empty when it has none)
   */
  public Portal withWorkspaceConfig(Function<String, JsonNode> byWorkspaceId) {
    this.workspaceConfig = Objects.requireNonNull(byWorkspaceId, "byWorkspaceId");
    return this;
  }

  /**
   * The node's {@code portal_auth}/{@code portal_auth_conf} (Kong Enterprise's; {@code openid-connect}
   * lets developers log in through an OpenID provider), for the portals whose workspace sets none.
   */
  public Portal withAuth(PortalAuth nodeWide) {
    this.nodeAuth = Objects.requireNonNull(nodeWide, "nodeWide");
    return this;
  }

  /** Resolves a {@code {vault://…}} reference (Kong's vaults). */
  @FunctionalInterface
  public interface SecretReferences {
    /** No vaults: every reference fails. */
    SecretReferences NONE = reference -> {
      throw new IllegalStateException("no vaults on this node");
    };

    /**
     * The secret {@code reference} names.
     *
     * @throws RuntimeException when it cannot be read (the login fails)
     */
    String resolve(String reference);
  }

  /**
   * Reads the {@code {vault://…}} reference a {@code portal_auth_conf}'s {@code client_secret} may be
   * (the node's or a workspace's) at each login; the config keeps the reference.
   */
  public Portal withSecretReferences(SecretReferences references) {
    oidcLogins.withReferences(references);
    return this;
  }

  /** The login a workspace's portal offers now: its config over the node's settings. */
  private PortalAuth.Resolved auth(WorkspaceRef ws) {
    return nodeAuth.resolve(workspaceConfig.apply(ws.id()));
  }

  /**
   * A portal over its tables and the node's config store.
   *
   * @param autoApproveDevelopers new accounts may log in at once (Kong's {@code portal_auto_approve})
   */
  public static Portal create(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock,
      boolean autoApproveDevelopers) {
    return create(store, config, registry, clock, autoApproveDevelopers, null);
  }

  /**
   * A portal whose developers see their applications' calls and usage from {@code analytics}
   * (null: the node's call log is off, and those endpoints say so).
   */
  public static Portal create(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock,
      boolean autoApproveDevelopers, @Nullable CallLog analytics) {
    return create(store, config, registry, clock, autoApproveDevelopers, analytics, DocsSettings.none());
  }

  /** A portal whose API docs reach the proxy as {@code docs} says (try-it, fetched documents). */
  public static Portal create(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock,
      boolean autoApproveDevelopers, @Nullable CallLog analytics, DocsSettings docs) {
    return new Portal(Objects.requireNonNull(store, "store"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(clock, "clock"), autoApproveDevelopers,
        analytics == null ? null : new CallQueries(analytics), Objects.requireNonNull(docs, "docs"));
  }

  /**
   * Points the CORS plugins the portal wrote on its products' routes at the pages' current origins,
   * once they listen (a moved {@code portal_gui_listen} would otherwise break try-it). The default
   * workspace's products only: another workspace's follow on their next change.
   */
  public void followPortalOrigins() {
    followPortalOrigins(WorkspaceRef.DEFAULT.id());
  }

  /**
   * Points the CORS plugins the portal wrote for a workspace's products at that portal's current
   * origins ({@link PortalOrigins}): after its {@code config.portal_cors_origins} changed, and at start.
   */
  public void followPortalOrigins(String wsId) {
    Products products = portals.in(wsId).products();
    products.list().forEach(products::followOrigins);
  }

  /**
   * Starts fetching the documents of every workspace's products that have an {@code openapi_url}
   * again, each once it was last tried {@code interval} ago ({@code portal_openapi_refresh_interval}),
   * on a thread of its own. Close what it returns to stop.
   *
   * @param interval at least one second
   */
  public AutoCloseable startOpenApiRefresh(Duration interval) {
    return OpenApiRefresher.start(store, portals, clock, Objects.requireNonNull(interval, "interval"));
  }

  /** The portal's products as declarative files carry them ({@code _gatehouse_products}). */
  public io.gatehouse.admin.api.DeclarativeProducts declarativeProducts() {
    return new ProductsFile(portals);
  }

  /** Adds the operator's {@code /portal/*} endpoints to the Admin API's routes. */
  public void register(RouteTable routes) {
    new PortalAdminApi(portals).register(routes);
    routes.scopeInWorkspaces(template -> template.startsWith("/portal/")); // /{workspace}/portal/… is that workspace's
  }

  /**
   * Serves the developers' API on {@code host:port}.
   *
   * @param origins browser origins allowed to call it with the session cookie (the portal GUI's
   *     listeners'); the portal's public origins ({@link PortalOrigins}) are allowed as well
   */
  public AdminHttpServer startApi(String host, int port, List<String> origins) {
    return startApi(host, port, origins, WorkspaceRef.Resolver.DEFAULT_ONLY);
  }

  /**
   * As above, serving also the portals of other workspaces under {@code /{workspace}/…}.
   *
   * @param portalWorkspaces finds the workspaces whose portal is on (an unknown prefix is 404)
   */
  public AdminHttpServer startApi(String host, int port, List<String> origins, WorkspaceRef.Resolver portalWorkspaces) {
    return startApi(host, port, origins, portalWorkspaces, null);
  }

  /**
   * As above, over HTTPS when {@code tls} is given (an {@code ssl} entry of {@code portal_api_listen});
   * its session cookies are then {@code Secure}.
   */
  public AdminHttpServer startApi(String host, int port, List<String> origins, WorkspaceRef.Resolver portalWorkspaces,
      io.netty.handler.ssl.@Nullable SslContext tls) {
    boolean secure = tls != null;
    RouteTable routes = new DeveloperApi(portals, sessions, failedLogins, signUps, usage, secure, ws -> auth(ws).passwords()).routes();
    // a login may return to the default portal's public origins too (read now: node settings, default workspace)
    List<String> returnTo = new java.util.ArrayList<>(docs.portalOrigins().configured(WorkspaceRef.DEFAULT.id()));
    returnTo.addAll(origins);
    new OidcRoutes(oidcLogins, this::auth, portals, sessions, returnTo, secure).register(routes);
    routes.workspaces(portalWorkspaces, template -> true);
    BrowserGuard guard = BrowserGuard.forListener(host, origins, List.of()).withHosts(apiHosts)
        .withWorkspaceOrigins(ws -> docs.portalOrigins().configured(ws.id()));
    return AdminHttpServer.start(host, port, MAX_BODY, false, guard, AdminFilter.NONE, () -> routes, tls);
  }
}
