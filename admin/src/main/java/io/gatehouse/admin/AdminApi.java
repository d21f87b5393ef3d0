package io.gatehouse.admin;

import io.gatehouse.admin.api.ConfigApi;
import io.gatehouse.admin.api.DeclarativeApi;
import io.gatehouse.admin.api.EntityApi;
import io.gatehouse.admin.api.HealthApi;
import io.gatehouse.admin.api.InfoApi;
import io.gatehouse.admin.api.OpsApi;
import io.gatehouse.admin.api.PluginEndpoints;
import io.gatehouse.admin.audit.AuditTrail;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.rbac.Rbac;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.proxy.status.UpstreamHealthView;
import io.gatehouse.store.ConfigStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * Kong's Admin API (port 8001): the route table built from the schema registry, served by an
 * {@link AdminHttpServer}. Every accepted write lands in the store, whose change signal rebuilds
 * the runtime snapshot.
 */
public final class AdminApi implements AutoCloseable {
  private final AdminHttpServer server;

  private AdminApi(AdminHttpServer server) {
    this.server = server;
  }

  /** Starts building an Admin API over {@code store}, serving {@code registry}'s entities. */
  public static Builder builder(ConfigStore store, SchemaRegistry registry, NodeInfo node) {
    return new Builder(store, registry, node);
  }

  /** Shorthand for a plain Admin API (no balancer health, no plugin endpoints), e.g. in tests. */
  public static AdminApi start(String host, int port, int maxBodyBytes, ConfigStore store, SchemaRegistry registry, NodeInfo node) {
    return builder(store, registry, node).listen(host, port).maxBodyBytes(maxBodyBytes).start();
  }

  /** What an Admin API serves and where; optional parts are left out when not given. */
  public static final class Builder {
    private final ConfigStore store;
    private final SchemaRegistry registry;
    private final NodeInfo node;
    private String host = "127.0.0.1";
    private int port = 8001;
    private int maxBodyBytes = 10 << 20;
    private boolean latencyHeader = true;
    private @Nullable UpstreamHealthView health;
    private Iterable<? extends io.gatehouse.proxy.plugins.LoadedPlugin<?, ?>> plugins = List.of();
    private @Nullable LogLevelControl logLevels;
    private List<String> origins = List.of();
    private List<String> allowedHosts = List.of();
    private @Nullable SslContext tls;
    private @Nullable Rbac rbac;
    private @Nullable AuditTrail audit;
    private io.gatehouse.admin.analytics.@Nullable CallLog analytics;
    private io.gatehouse.admin.portal.@Nullable Portal portal;
    private String routeValidation = "smart";

    private Builder(ConfigStore store, SchemaRegistry registry, NodeInfo node) {
      this.store = Objects.requireNonNull(store, "store");
      this.registry = Objects.requireNonNull(registry, "registry");
      this.node = Objects.requireNonNull(node, "node");
    }

    public Builder listen(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Kong's {@code nginx_admin_client_max_body_size} (10m by default); larger bodies get 413. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes: expected >= 0, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** {@code X-Kong-Admin-Latency} on every answer (Kong sends it when {@code headers} has latency_tokens). */
    /**
     * Kong Enterprise's {@code route_validation_strategy}: {@code smart} (the default) refuses a route
     * that collides with another workspace's, {@code off} checks nothing.
     */
    public Builder routeValidationStrategy(String strategy) {
      if (!strategy.equals("smart") && !strategy.equals("off")) {
        throw new IllegalArgumentException("route_validation_strategy: expected smart or off, got '" + strategy + "'");
      }
      this.routeValidation = strategy;
      return this;
    }

    public Builder latencyHeader(boolean on) {
      this.latencyHeader = on;
      return this;
    }

    /** Also serves this node's upstream health ({@code /upstreams/{u}/health} and the overrides). */
    public Builder health(UpstreamHealthView h) {
      this.health = Objects.requireNonNull(h, "health");
      return this;
    }

    /** Also serves the plugins' own Admin API endpoints (proxy-cache's purges). */
    public Builder plugins(Iterable<? extends io.gatehouse.proxy.plugins.LoadedPlugin<?, ?>> p) {
      this.plugins = Objects.requireNonNull(p, "plugins");
      return this;
    }

    /** Lets {@code /debug/node/log-level} change the running log level. */
    public Builder logLevels(LogLevelControl control) {
      this.logLevels = Objects.requireNonNull(control, "control");
      return this;
    }

    /**
     * The browser origins CORS grants (Kong's {@code admin_gui_url} entries, paths ignored, plus
     * {@code admin_cors_origins}); none by default, so no web page can call the Admin API.
     */
    public Builder allowedOrigins(List<String> origins) {
      this.origins = List.copyOf(Objects.requireNonNull(origins, "origins"));
      return this;
    }

    /**
     * {@code Host} names answered besides loopback ones ({@code admin_allowed_hosts}); on a loopback
     * listener every other Host is refused (DNS rebinding), elsewhere only when this is not empty.
     */
    public Builder allowedHosts(List<String> hosts) {
      this.allowedHosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
      return this;
    }

    /** Serves HTTPS with this context (Kong's {@code ssl} flag on an {@code admin_listen} entry). */
    public Builder tls(SslContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Serves the {@code /rbac/*} endpoints and, unless its mode is off, authenticates and
     * authorizes every request ({@code enforce_rbac}).
     */
    public Builder rbac(Rbac r) {
      this.rbac = Objects.requireNonNull(r, "rbac");
      return this;
    }

    /** Records every write in the audit log and serves {@code /audit/requests} and {@code /audit/objects} ({@code audit_log}). */
    public Builder audit(AuditTrail a) {
      this.audit = Objects.requireNonNull(a, "audit");
      return this;
    }

    /** Serves the call log's query API ({@code /analytics/*}) over this store. */
    public Builder analytics(io.gatehouse.admin.analytics.CallLog store) {
      this.analytics = Objects.requireNonNull(store, "store");
      return this;
    }

    /** {@link #analytics} when a store is given (the node's {@code analytics} setting is on). */
    public Builder analyticsIfOn(io.gatehouse.admin.analytics.@Nullable CallLog store) {
      if (store != null) analytics(store);
      return this;
    }

    /** The config store this Admin API writes (the portal writes its grants there too). */
    public ConfigStore store() {
      return store;
    }

    public SchemaRegistry registry() {
      return registry;
    }

    /** Serves the developer portal's operator endpoints ({@code /portal/*}, the {@code portal} setting). */
    public Builder portal(io.gatehouse.admin.portal.Portal p) {
      this.portal = Objects.requireNonNull(p, "portal");
      return this;
    }

    public AdminApi start() {
      BrowserGuard guard = BrowserGuard.forListener(host, origins, allowedHosts);
      RouteTable routes = routes(store, registry, node, Clock.systemUTC(), routeValidation.equals("smart"),
          portal == null ? null : portal.declarativeProducts());
      new OpsApi(node, logLevels, plugins).register(routes);
      if (health != null) {
        new HealthApi(store, health, node.nodeId()).register(routes);
      }
      new PluginEndpoints(plugins).register(routes);
      if (portal != null) {
        portal.register(routes);
      }
      if (analytics != null) {
        new io.gatehouse.admin.api.AnalyticsApi(new io.gatehouse.admin.analytics.CallQueries(analytics)).register(routes);
      }
      // audit recorder (outermost: refused writes are recorded too), RBAC, audit digests (innermost:
      // only allowed writes run the GET handlers that digest the resource)
      List<AdminFilter> filters = new ArrayList<>();
      if (audit != null) {
        audit.register(routes);
        filters.add(audit.recorder());
      }
      if (rbac != null) {
        rbac.register(routes, registry, store);
        filters.add(rbac.filter(registry, store));
      }
      if (audit != null) {
        filters.add(audit.digests());
      }
      return new AdminApi(AdminHttpServer.start(host, port, maxBodyBytes, latencyHeader, guard,
          AdminFilter.chain(filters), () -> routes, tls));
    }
  }

  /** Every Admin API endpoint, with the generated ones Kong disables removed. */
  static RouteTable routes(ConfigStore store, SchemaRegistry registry, NodeInfo node, Clock clock) {
    return routes(store, registry, node, clock, true, null);
  }

  static RouteTable routes(ConfigStore store, SchemaRegistry registry, NodeInfo node, Clock clock, boolean routeCollisions,
      io.gatehouse.admin.api.@Nullable DeclarativeProducts products) {
    for (var schema : registry.all()) {
      store.register(schema.table());
    }
    EntityProcessor processor = new EntityProcessor(clock);
    RouteTable routes = new RouteTable();
    EntityApi entities = new EntityApi(store, registry, processor, routeCollisions);
    entities.register(routes);
    // the generated endpoints serve every workspace's own rows under /{workspace}/…
    routes.scopeInWorkspaces(t -> entities.serves(t) || t.equals("/upstreams/{upstreams}/targets/all"));
    new InfoApi(store, registry, processor, node).register(routes);
    // schemas are the same in every workspace; served under /{workspace}/ too so that a team's token
    // (rights in its workspace only) can read the forms it fills in (Kong Enterprise serves them there)
    routes.scopeInWorkspaces(t -> t.startsWith("/schemas/"));
    // Kong Enterprise's /{workspace}/tags (that workspace's tags) and /{workspace}/plugins/enabled (the same list)
    routes.scopeInWorkspaces(t -> t.equals("/tags") || t.equals("/tags/{tag}") || t.equals("/plugins/enabled"));
    DeclarativeLoader loader = new DeclarativeLoader(registry, processor, VaultReferences.systemEnv());
    new ConfigApi(store, registry, loader).register(routes);
    new DeclarativeApi(store, registry, loader, products).register(routes);
    // Kong serves targets only under their upstream, and SNIs' certificate only as /certificates/{c}/snis.
    routes.remove("/targets");
    routes.remove("/targets/{targets}");
    routes.remove("/targets/{targets}/upstream");
    routes.remove("/snis/{snis}/certificate");
    routes.add("/upstreams/{upstreams}/targets/all", "GET", (req, p) -> {
      var target = registry.table("targets").orElseThrow();
      return entities.in(io.gatehouse.admin.http.WorkspaceRef.of(p)).listAll(target, req, p.get("upstreams"));
    });
    return routes;
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }

}
