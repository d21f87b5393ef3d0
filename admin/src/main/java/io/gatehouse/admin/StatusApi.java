package io.gatehouse.admin;

import io.gatehouse.admin.http.AdminHttpServer;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.ConfigStore;
import java.net.InetSocketAddress;

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
    RouteTable routes = new RouteTable()
        .add("/status", "GET", (req, p) -> {
          var body = Json.object();
          body.set("database", Json.object().put("reachable", store.isReachable()));
          body.set("server", node.serverCounters().get());
          body.set("configuration", Json.object().put("version", store.version()).put("active_version", node.activeVersion().getAsLong()));
          return AdminResponse.json(200, body);
        })
        .add("/status/ready", "GET", (req, p) -> ready(store, node));
    return new StatusApi(AdminHttpServer.start(host, port, 1 << 16, () -> routes));
  }

  static AdminResponse ready(ConfigStore store, NodeInfo node) {
    if (!store.isReachable()) {
      return AdminResponse.message(503, "failed to connect to database");
    }
    if (node.activeVersion().getAsLong() < store.version()) {
      return AdminResponse.message(503, "router builds not yet complete");
    }
    return AdminResponse.message(200, "ready");
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    server.close();
  }
}
