package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logging plugins through the Admin API of a whole node: Kong's schema-violation body for bad
 * config, and a file-log added on a route that then logs proxied requests (reference plugins §19).
 */
class LoggingPluginsAdminIT {
  @TempDir static Path prefix;
  @TempDir static Path logs;
  static WholeNode gw;
  static AdminClient admin;

  @BeforeAll
  static void start() throws Exception {
    gw = new WholeNode(prefix, Map.of());
    admin = gw.admin;
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  @Test
  void bad_config_answers_kongs_schema_violation() {
    AdminClient.Resp r = admin.post("/plugins", "{\"name\":\"http-log\",\"config\":{}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().get("code").asInt()).isEqualTo(2);
    assertThat(r.json().get("name").asText()).isEqualTo("schema violation");
    assertThat(r.message()).isEqualTo("schema violation (config.http_endpoint: required field missing)");
    assertThat(r.json().at("/fields/config/http_endpoint").asText()).isEqualTo("required field missing");

    r = admin.post("/plugins", "{\"name\":\"file-log\",\"config\":{\"path\":\"/tmp/a*b\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/fields/config/path").asText()).isEqualTo("not a valid filename");

    r = admin.post("/plugins", "{\"name\":\"udp-log\",\"config\":{\"host\":\"h\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/fields/config/port").asText()).isEqualTo("required field missing");
  }

  @Test
  void a_file_log_added_through_the_admin_api_logs_proxied_requests() {
    String route = gw.serviceAndRoute("logged", "/logged");
    Path file = logs.resolve("access.log");
    AdminClient.Resp plugin = gw.create("/routes/" + route + "/plugins",
        "{\"name\":\"file-log\",\"config\":{\"path\":\"" + file + "\"}}");
    assertThat(plugin.json().at("/config/reopen").asBoolean()).isFalse();
    String requestId = gw.awaitStatus(200, "/logged/here?x=1").headers().firstValue("X-Kong-Request-Id").orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.readString(file).contains(requestId));
    JsonNode entry = null;
    try {
      for (String line : Files.readAllLines(file)) {
        JsonNode e = Json.parse(line);
        if (e.at("/request/id").asText().equals(requestId)) entry = e;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(entry).isNotNull();
    assertThat(entry.at("/route/id").asText()).isEqualTo(route);
    assertThat(entry.at("/service/name").asText()).isEqualTo("logged");
    assertThat(entry.at("/upstream_uri").asText()).isEqualTo("/here?x=1");
    assertThat(entry.at("/response/status").asInt()).isEqualTo(200);
  }
}
