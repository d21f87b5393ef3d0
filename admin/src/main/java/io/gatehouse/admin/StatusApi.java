package io.gatehouse.admin;

import io.gatehouse.admin.api.PluginEndpoints;
import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BrowserGuard;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.proxy.plugins.LoadedPlugin;
import java.net.InetSocketAddress;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The status listener (port 8007): {@code GET /status} and {@code GET /status/ready}, which answers
 * 200 only once the data plane serves the store's current configuration.
 */
public final class StatusApi implements AutoCloseable {
  private final AdminHttpServer server;

  private StatusApi(AdminHttpServer server) {
    this.server = server;
  }

  public static StatusApi start(String host, int port, ConfigStore store, NodeInfo node) {
    return start(host, port, store, node, List.of());
  }

  /** Also serves the plugins' status endpoints (Kong's {@code status_api.lua}: prometheus's {@code /metrics}). */
  public static StatusApi start(String host, int port, ConfigStore store, NodeInfo node,
      Iterable<? extends LoadedPlugin<?, ?>> plugins) {
    return start(host, port, store, node, plugins, null);
  }

  /** As above, serving HTTPS with {@code tls} when given (Kong's {@code ssl} flag on a {@code status_listen} entry). */
  public static StatusApi start(String host, int port, ConfigStore store, NodeInfo node,
      Iterable<? extends LoadedPlugin<?, ?>> plugins, @Nullable SslContext tls) {
    NodeStatus status = new NodeStatus(store, node);
    RouteTable routes = new RouteTable()
        .add("/status", "GET", (req, p) -> AdminResponse.json(200, status.body()))
        .add("/status/ready", "GET", (req, p) -> status.ready())
        .add("/status/ready", "POST", (req, p) -> status.drain(req));
    new PluginEndpoints(plugins).registerStatus(routes);
    return new StatusApi(AdminHttpServer.start(host, port, 1 << 16, false, BrowserGuard.forListener(host), () -> routes, tls));
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }
}
