package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kong's getting-started flow against a whole node (store, Admin API, snapshot feed, proxy):
 * create a service and a route through the Admin API, then proxy through it; the config survives
 * a restart of the node.
 */
class GettingStartedIT {
  @TempDir Path prefix;

  private Node start() throws Exception {
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of(
        "prefix", prefix.toString(), "status_listen", "127.0.0.1:0", "admin_listen", "127.0.0.1:0",
        "proxy_listen", "127.0.0.1:0"));
    return Node.start(settings);
  }

  @Test
  void service_route_proxy_and_restart() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (EchoUpstream upstream = EchoUpstream.start()) {
      String proxyBase;
      try (Node node = start()) {
        AdminClient admin = new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort());
        proxyBase = proxyBase(node);
        var svc = admin.form("POST", "/services", "name=my-example-service&url=http://127.0.0.1:" + upstream.port() + "/");
        assertThat(svc.status()).as(svc.toString()).isEqualTo(201);
        var route = admin.form("POST", "/services/my-example-service/routes", "paths[]=/example&strip_path=true");
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(proxyBase + "/example/foo?x=1")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(Json.parse(r.body()).get("uri").asText()).isEqualTo("/foo?x=1");
        });
        HttpResponse<String> miss = http.send(HttpRequest.newBuilder(URI.create(proxyBase + "/nothing-here"))
            .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(miss.statusCode()).isEqualTo(404);
        assertThat(Json.parse(miss.body()).get("message").asText()).isEqualTo("no Route matched with those values");
      }
      assertThat(Files.exists(prefix.resolve("gatehouse.db")) || Files.list(prefix).findAny().isPresent()).isTrue();
      try (Node node = start()) {
        String base = proxyBase(node);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/example/again")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("config survives a restart").isEqualTo(200);
        assertThat(Json.parse(r.body()).get("uri").asText()).isEqualTo("/again");
      }
    }
  }

  private static String proxyBase(Node node) {
    return "http://127.0.0.1:" + node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
  }
}
