package io.gatehouse.admin;

import io.gatehouse.admin.api.ConfigApi;
import io.gatehouse.admin.api.EntityApi;
import io.gatehouse.admin.api.HealthApi;
import io.gatehouse.admin.api.InfoApi;
import io.gatehouse.admin.api.PluginEndpoints;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.declarative.DeclarativeLoader;
import io.gatehouse.core.declarative.VaultReferences;
import io.gatehouse.core.schema.EntityProcessor;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.store.ConfigStore;
import java.net.InetSocketAddress;
import java.time.Clock;

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

  public static AdminApi start(String host, int port, int maxBodyBytes, ConfigStore store, SchemaRegistry registry, NodeInfo node) {
    RouteTable routes = routes(store, registry, node, Clock.systemUTC());
    return new AdminApi(AdminHttpServer.start(host, port, maxBodyBytes, () -> routes));
  }

  /** Also serves this node's upstream health ({@code /upstreams/{u}/health} and the overrides). */
  public static AdminApi start(String host, int port, int maxBodyBytes, ConfigStore store, SchemaRegistry registry,
      NodeInfo node, Balancing balancing) {
    RouteTable routes = routes(store, registry, node, Clock.systemUTC());
    new HealthApi(store, balancing, node.nodeId()).register(routes);
    return new AdminApi(AdminHttpServer.start(host, port, maxBodyBytes, () -> routes));
  }

  /** Also serves the endpoints the loaded plugins add (proxy-cache's purges). */
  public static AdminApi start(String host, int port, int maxBodyBytes, ConfigStore store, SchemaRegistry registry,
      NodeInfo node, Balancing balancing, Iterable<? extends Plugin<?>> plugins) {
    RouteTable routes = routes(store, registry, node, Clock.systemUTC());
    new HealthApi(store, balancing, node.nodeId()).register(routes);
    new PluginEndpoints(plugins).register(routes);
    return new AdminApi(AdminHttpServer.start(host, port, maxBodyBytes, () -> routes));
  }

  /** Every Admin API endpoint, with the generated ones Kong disables removed. */
  static RouteTable routes(ConfigStore store, SchemaRegistry registry, NodeInfo node, Clock clock) {
    for (var schema : registry.all()) {
      store.register(schema.table());
    }
    EntityProcessor processor = new EntityProcessor(clock);
    RouteTable routes = new RouteTable();
    EntityApi entities = new EntityApi(store, registry, processor);
    entities.register(routes);
    new InfoApi(store, registry, processor, node).register(routes);
    new ConfigApi(store, registry, new DeclarativeLoader(registry, processor, VaultReferences.systemEnv()))
        .register(routes);
    // Kong serves targets only under their upstream, and SNIs' certificate only as /certificates/{c}/snis.
    routes.remove("/targets");
    routes.remove("/targets/{targets}");
    routes.remove("/targets/{targets}/upstream");
    routes.remove("/snis/{snis}/certificate");
    routes.add("/upstreams/{upstreams}/targets/all", "GET", (req, p) -> {
      var target = registry.table("targets").orElseThrow();
      return entities.listAll(target, req, p.get("upstreams"));
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
