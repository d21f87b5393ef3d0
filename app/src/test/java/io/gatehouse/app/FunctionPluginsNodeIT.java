package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.ProxyServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aws-lambda, azure-functions, openwhisk and circuit-breaker on a whole DB-less node: a kong.yml
 * with all four loads through {@code POST /config} and again from what {@code GET /config} gives
 * back (same plugin configs, the YAML export posted again); a circuit-breaker over a refused origin opens, and the Admin API's
 * {@code /circuit-breakers} shows it.
 */
class FunctionPluginsNodeIT {
  @TempDir Path prefix;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void declarative_round_trip_and_the_breaker_on_the_admin_api() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of("prefix", prefix.toString(),
        "status_listen", "off", "admin_listen", "127.0.0.1:0", "proxy_listen", "127.0.0.1:0", "database", "off"));
    try (Node node = Node.start(settings)) {
      AdminClient admin = new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort());
      String proxy = "http://127.0.0.1:" + node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
      String yaml = """
          _format_version: "3.0"
          services:
          - name: down
            url: http://127.0.0.1:%d
            routes:
            - name: guarded
              paths: [/guarded]
              plugins:
              - name: circuit-breaker
                config: {sliding_window_size: 2, minimum_number_of_calls: 2, wait_duration_in_open_state: 600}
          routes:
          - name: lambda
            paths: [/lambda]
            plugins:
            - name: aws-lambda
              config: {function_name: hello, aws_region: eu-west-1, aws_key: AKID, aws_secret: secret,
                       forward_request_body: true, is_proxy_integration: true}
          - name: azure
            paths: [/azure]
            plugins:
            - name: azure-functions
              config: {appname: myapp, functionname: hello, apikey: k}
          - name: whisk
            paths: [/whisk]
            plugins:
            - name: openwhisk
              config: {host: whisk.example.com, path: /api/v1/namespaces/guest, action: hello, service_token: "u:k"}
          """.formatted(closed);
      AdminClient.Resp posted = admin.raw("POST", "/config", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
      assertThat(posted.status()).as(posted.text()).isEqualTo(201);
      JsonNode first = pluginConfigs(admin);
      assertThat(first.findValuesAsText("name")).contains("aws-lambda", "azure-functions", "openwhisk", "circuit-breaker");

      for (String[] plugin : new String[][] {{"aws-lambda", "awsgateway_compatible"}, {"azure-functions", "routeprefix"},
          {"openwhisk", "service_token"}, {"circuit-breaker", "failure_rate_threshold"}}) {
        AdminClient.Resp schema = admin.get("/schemas/plugins/" + plugin[0]);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.text()).contains("\"" + plugin[1] + "\"");
      }
      assertThat(admin.get("/plugins/enabled").text()).contains("aws-lambda", "azure-functions", "openwhisk", "circuit-breaker");

      String exported = admin.get("/config").json().get("config").asText();
      AdminClient.Resp again = admin.raw("POST", "/config", "application/yaml", exported.getBytes(StandardCharsets.UTF_8));
      assertThat(again.status()).as(again.text()).isEqualTo(201);
      assertThat(pluginConfigs(admin)).isEqualTo(first);

      await().atMost(Duration.ofSeconds(5)).until(() -> get(proxy + "/guarded").statusCode() == 502);
      await().atMost(Duration.ofSeconds(5)).until(() -> get(proxy + "/guarded").statusCode() == 503);
      JsonNode breakers = admin.get("/circuit-breakers").json().get("data");
      assertThat(breakers).hasSize(1);
      JsonNode b = breakers.get(0);
      assertThat(b.get("state").asText()).isEqualTo("open");
      assertThat(b.get("transitions").get(0).get("to").asText()).isEqualTo("open");
      String pluginId = b.get("plugin_id").asText();
      assertThat(admin.get("/circuit-breakers/" + pluginId).json().get("state").asText()).isEqualTo("open");
      assertThat(admin.post("/circuit-breakers/" + pluginId + "/reset", "{}").json().get("state").asText()).isEqualTo("closed");
    }
  }

  /** Every plugin's name and config, ordered by name. */
  static JsonNode pluginConfigs(AdminClient admin) {
    var out = io.gatehouse.core.json.Json.array();
    List<JsonNode> plugins = new java.util.ArrayList<>();
    admin.get("/plugins").json().get("data").forEach(plugins::add);
    plugins.sort(java.util.Comparator.comparing(p -> p.get("name").asText()));
    for (JsonNode p : plugins) {
      out.add(io.gatehouse.core.json.Json.object().put("name", p.get("name").asText()).set("config", p.get("config")));
    }
    return out;
  }

  HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
