package io.gatehouse.admin.portal;

import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.admin.analytics.CallQueries;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.portal.PortalStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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

  private final Products products;
  private final Accounts accounts;
  private final Subscriptions subscriptions;
  private final Sessions sessions;
  private final io.gatehouse.admin.rbac.FailedLogins failedLogins;
  private final ApplicationUsage usage;
  private final TryIt tryIt;

  private Portal(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock, boolean autoApproveDevelopers,
      @Nullable CallQueries calls, DocsSettings docs) {
    ProxyGrants grants = new ProxyGrants(config, registry, new EntityProcessor(clock), docs.portalOrigins());
    this.products = new Products(store, grants, clock, new OpenApiFetch(config, docs.fetchTimeout(), docs.fetchMaxBytes()));
    this.tryIt = new TryIt(config, docs);
    this.accounts = new Accounts(store, grants, clock, autoApproveDevelopers);
    this.subscriptions = new Subscriptions(store, grants, clock);
    this.sessions = new Sessions(clock, SESSION_LIFETIME);
    this.failedLogins = new io.gatehouse.admin.rbac.FailedLogins(clock::millis);
    this.usage = new ApplicationUsage(calls, clock);
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
      boolean autoApproveDevelopers, @Nullable AnalyticsStore analytics) {
    return create(store, config, registry, clock, autoApproveDevelopers, analytics, DocsSettings.none());
  }

  /** A portal whose API docs reach the proxy as {@code docs} says (try-it, fetched documents). */
  public static Portal create(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock,
      boolean autoApproveDevelopers, @Nullable AnalyticsStore analytics, DocsSettings docs) {
    return new Portal(Objects.requireNonNull(store, "store"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(clock, "clock"), autoApproveDevelopers,
        analytics == null ? null : new CallQueries(analytics), Objects.requireNonNull(docs, "docs"));
  }

  /**
   * Points the CORS plugins the portal wrote on its products' routes at the pages' current origins,
   * once they listen (a moved {@code portal_gui_listen} would otherwise break try-it).
   */
  public void followPortalOrigins() {
    products.list().forEach(products::followOrigins);
  }

  /** Adds the operator's {@code /portal/*} endpoints to the Admin API's routes. */
  public void register(RouteTable routes) {
    new PortalAdminApi(products, accounts, subscriptions).register(routes);
  }

  /**
   * Serves the developers' API on {@code host:port}.
   *
   * @param origins browser origins allowed to call it with the session cookie (the portal GUI's)
   */
  public AdminHttpServer startApi(String host, int port, List<String> origins) {
    RouteTable routes = new DeveloperApi(products, accounts, subscriptions, sessions, failedLogins, usage, tryIt).routes();
    return AdminHttpServer.start(host, port, MAX_BODY, false, BrowserGuard.forListener(host, origins, List.of()),
        AdminFilter.NONE, () -> routes, null);
  }
}
