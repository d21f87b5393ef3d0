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
  private final Clock clock;
  private volatile @Nullable OidcLogin oidc;

  private Portal(PortalStore store, ConfigStore config, SchemaRegistry registry, Clock clock, boolean autoApproveDevelopers,
      @Nullable CallQueries calls) {
    ProxyGrants grants = new ProxyGrants(config, registry, new EntityProcessor(clock));
    this.products = new Products(store, grants, clock);
    this.accounts = new Accounts(store, grants, clock, autoApproveDevelopers);
    this.subscriptions = new Subscriptions(store, grants, clock);
    this.sessions = new Sessions(clock, SESSION_LIFETIME);
    this.failedLogins = new io.gatehouse.admin.rbac.FailedLogins(clock::millis);
    this.usage = new ApplicationUsage(calls, clock);
    this.clock = clock;
  }

  /**
   * Lets developers log in through an OpenID provider (Kong Enterprise's {@code portal_auth =
   * openid-connect}); call before {@link #startApi}.
   *
   * @param authConf {@code portal_auth_conf}: a JSON object with {@code issuer}, {@code client_id},
   *     {@code client_secret} and optionally {@code scopes} and {@code redirect_uri}
   * @throws IllegalArgumentException when it lacks the issuer or the client id
   */
  public Portal withOpenIdConnect(String authConf) {
    this.oidc = new OidcLogin(OidcLogin.Config.parse(authConf), clock);
    return this;
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
    return new Portal(Objects.requireNonNull(store, "store"), Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(clock, "clock"), autoApproveDevelopers,
        analytics == null ? null : new CallQueries(analytics));
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
    RouteTable routes = new DeveloperApi(products, accounts, subscriptions, sessions, failedLogins, usage).routes();
    new OidcRoutes(oidc, accounts, sessions, origins).register(routes);
    return AdminHttpServer.start(host, port, MAX_BODY, false, BrowserGuard.forListener(host, origins, List.of()),
        AdminFilter.NONE, () -> routes, null);
  }
}
