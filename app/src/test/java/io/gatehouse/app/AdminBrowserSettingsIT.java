package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.testing.RawClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings behind the Admin API's browser rules reach it: {@code admin_gui_url} (Kong's, path
 * dropped) and {@code admin_cors_origins} grant origins, {@code admin_allowed_hosts} adds Host
 * names, {@code nginx_admin_client_max_body_size} bounds bodies; a value that is no origin stops
 * the start naming the setting.
 */
class AdminBrowserSettingsIT {
  @TempDir Path dir;

  static RawClient.Response send(InetSocketAddress a, String head, String body) throws Exception {
    try (RawClient c = new RawClient(a)) {
      c.send(head + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
      return c.readResponse();
    }
  }

  @Test
  void the_settings_reach_the_admin_api() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of(
        "admin_gui_url", "http://manager.test:8002/manager/, https://gui.example",
        "admin_cors_origins", "https://ops.example:443",
        "admin_allowed_hosts", "admin.internal",
        "nginx_admin_client_max_body_size", "2k"))) {
      InetSocketAddress a = node.node.component(AdminApi.class).orElseThrow().address();
      String json = "Content-Type: application/json\r\n";
      RawClient.Response manager = send(a, "POST /services HTTP/1.1\r\nHost: admin.internal\r\nOrigin: http://manager.test:8002\r\n"
          + json, "{\"name\":\"m\",\"host\":\"m.test\"}");
      assertThat(manager.status()).as(manager.body()).isEqualTo(201);
      assertThat(manager.header("Access-Control-Allow-Origin")).isEqualTo("http://manager.test:8002");
      RawClient.Response ops = send(a, "POST /services HTTP/1.1\r\nHost: localhost\r\nOrigin: https://ops.example\r\n"
          + json, "{\"name\":\"o\",\"host\":\"o.test\"}");
      assertThat(ops.status()).as(ops.body()).isEqualTo(201);
      RawClient.Response evil = send(a, "POST /services HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\n"
          + json, "{\"name\":\"e\",\"host\":\"e.test\"}");
      assertThat(evil.status()).isEqualTo(403);
      assertThat(evil.header("Access-Control-Allow-Origin")).as("Kong: the first allowed origin").isEqualTo("http://manager.test:8002");
      assertThat(send(a, "GET / HTTP/1.1\r\nHost: elsewhere.example\r\n", "").status()).isEqualTo(403);
      assertThat(send(a, "POST /services HTTP/1.1\r\nHost: localhost\r\n" + json,
          "{\"host\":\"big.test\",\"tags\":[\"" + "x".repeat(3000) + "\"]}").status()).isEqualTo(413);
      assertThat(node.admin.get("/services/e").status()).isEqualTo(404);
    }
  }

  @Test
  void an_admin_gui_url_that_is_no_origin_stops_the_start() {
    Path prefix = dir.resolve("bad");
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of("prefix", prefix.toString(),
        "admin_gui_url", "manager.test:8002", "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0",
        "status_listen", "off"));
    assertThatThrownBy(() -> Node.start(settings).close())
        .hasMessageContaining("admin_gui_url").hasMessageContaining("manager.test:8002");
  }
}
