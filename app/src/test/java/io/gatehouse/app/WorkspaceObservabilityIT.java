package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's workspace in logs and metrics: a log entry carries Kong Enterprise's
 * {@code workspace} (id) and {@code workspace_name} of the matched route, and the prometheus
 * series of a route carry its workspace's name in the {@code workspace} label; statsd names it by
 * id or by name ({@code workspace_identifier}).
 */
class WorkspaceObservabilityIT {
  @TempDir Path dir;

  @Test
  void log_entries_and_metrics_name_the_routes_workspace() throws Exception {
    try (WholeNode node = new WholeNode(dir, Map.of());
        java.net.DatagramSocket statsd = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      statsd.setSoTimeout(10_000);
      String teamId = node.create("/workspaces", "{\"name\":\"team-o\"}").json().path("id").asText();
      String defaultId = node.admin.get("/workspaces/default").json().path("id").asText();
      Path log = dir.resolve("proxy.log");
      String upstream = node.upstream.url("/");
      for (String prefix : new String[] {"", "/team-o"}) {
        String name = prefix.isEmpty() ? "home" : "team";
        node.create(prefix + "/services", "{\"name\":\"" + name + "\",\"url\":\"" + upstream + "\"}");
        node.create(prefix + "/services/" + name + "/routes", "{\"name\":\"" + name + "\",\"paths\":[\"/" + name + "\"]}");
        // global plugins apply per workspace: one of each in both
        node.create(prefix + "/plugins", "{\"name\":\"file-log\",\"config\":{\"path\":\"" + log + "\"}}");
        node.create(prefix + "/plugins", "{\"name\":\"prometheus\",\"config\":{\"status_code_metrics\":true,\"latency_metrics\":true}}");
        // statsd names the workspace by id in the default workspace (Kong's default), by name in team-o
        node.create(prefix + "/plugins", "{\"name\":\"statsd\",\"config\":{\"host\":\"127.0.0.1\",\"port\":"
            + statsd.getLocalPort() + ",\"workspace_identifier_default\":\"" + (prefix.isEmpty() ? "workspace_id" : "workspace_name")
            + "\",\"metrics\":[{\"name\":\"status_count_per_workspace\",\"stat_type\":\"counter\",\"sample_rate\":1}]}}");
      }
      node.awaitStatus(200, "/home");
      node.awaitStatus(200, "/team");

      Map<String, JsonNode> byRoute = new java.util.HashMap<>();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        if (Files.exists(log)) {
          for (String line : Files.readAllLines(log)) {
            JsonNode entry = Json.parse(line);
            byRoute.put(entry.path("route").path("name").asText(), entry);
          }
        }
        return byRoute.containsKey("home") && byRoute.containsKey("team");
      });
      assertThat(byRoute.get("home").path("workspace").asText()).isEqualTo(defaultId);
      assertThat(byRoute.get("home").path("workspace_name").asText()).isEqualTo("default");
      assertThat(byRoute.get("team").path("workspace").asText()).isEqualTo(teamId);
      assertThat(byRoute.get("team").path("workspace_name").asText()).isEqualTo("team-o");

      java.util.Set<String> statsdLines = new java.util.HashSet<>();
      while (statsdLines.size() < 2) {
        java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[1500], 1500);
        statsd.receive(packet); // times out (and fails the test) when a line never comes
        statsdLines.add(new String(packet.getData(), 0, packet.getLength(), java.nio.charset.StandardCharsets.UTF_8));
      }
      assertThat(statsdLines).containsExactlyInAnyOrder(
          "kong.service.home.workspace." + defaultId + ".status.200:1|c",
          "kong.service.team.workspace.team-o.status.200:1|c");

      String[] scraped = new String[1];
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        scraped[0] = node.admin.get("/metrics").text();
        return scraped[0].contains("route=\"home\"") && scraped[0].contains("route=\"team\"");
      });
      String metrics = scraped[0];
      assertThat(metrics).contains(
          "kong_http_requests_total{service=\"home\",route=\"home\",code=\"200\",source=\"service\",workspace=\"default\",consumer=\"\"}",
          "kong_http_requests_total{service=\"team\",route=\"team\",code=\"200\",source=\"service\",workspace=\"team-o\",consumer=\"\"}");
      assertThat(lines(metrics, "kong_request_latency_ms_count{service=\"team\""))
          .singleElement().asString().contains("workspace=\"team-o\"");
    }
  }

  private static List<String> lines(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).toList();
  }
}
