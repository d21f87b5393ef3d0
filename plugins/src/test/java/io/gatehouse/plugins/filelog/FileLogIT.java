package io.gatehouse.plugins.filelog;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.LogEntryAssert;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file-log against a real proxy writing real files (reference plugins §19.1, §19.2). */
class FileLogIT {
  @TempDir static Path dir;
  static PluginGateway gw;
  static ObjectNode plain;
  static ObjectNode special;
  static Path globalLog;
  static Path routeLog;
  static Path rotatedLog;

  @BeforeAll
  static void start() {
    globalLog = dir.resolve("global.log");
    routeLog = dir.resolve("route.log");
    rotatedLog = dir.resolve("rotated.log");
    gw = new PluginGateway();
    plain = gw.serviceAndRoute("/plain");
    special = gw.serviceAndRoute("/special");
    ObjectNode rotating = gw.serviceAndRoute("/rotating");
    gw.plugin("file-log", "{\"path\":\"" + globalLog + "\"}", "");
    gw.plugin("file-log", "{\"path\":\"" + routeLog + "\"}", ref("route", special));
    gw.plugin("file-log", "{\"path\":\"" + rotatedLog + "\",\"reopen\":true}", ref("route", rotating));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** The entries in a log file: one JSON object per line, every line complete. */
  static List<JsonNode> entries(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    String text = Files.readString(file);
    if (text.isEmpty()) return out;
    assertThat(text).endsWith("\n");
    for (String line : text.split("\n")) {
      JsonNode e = Json.parse(line);
      assertThat(e.isObject()).isTrue();
      out.add(e);
    }
    return out;
  }

  static JsonNode entryFor(Path file, String requestId) {
    JsonNode[] found = new JsonNode[1];
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (JsonNode e : entries(file)) {
        if (e.get("request").get("id").asText().equals(requestId)) {
          found[0] = e;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  static String requestId(java.net.http.HttpResponse<String> r) {
    return r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
  }

  @Test
  void the_global_instance_logs_kongs_entry_as_a_json_line() throws IOException {
    var r = gw.get("/plain/a?x=1", "Authorization", "Basic dXNlcjpwYXNz");
    JsonNode entry = entryFor(globalLog, requestId(r));
    LogEntryAssert.assertProxied(entry, "/plain/a?x=1", plain, "/a?x=1");
    assertThat(entry.get("request").get("headers").get("authorization").asText()).isEqualTo("REDACTED");
    assertThat(Files.readString(globalLog)).doesNotContain("dXNlcjpwYXNz");
  }

  @Test
  void the_route_instance_takes_over_its_route() throws IOException {
    var r = gw.get("/special");
    JsonNode entry = entryFor(routeLog, requestId(r));
    LogEntryAssert.assertProxied(entry, "/special", special, "/");
    assertThat(entries(globalLog)).noneMatch(e -> e.get("request").get("id").asText().equals(requestId(r)));
  }

  @Test
  void requests_no_route_matched_are_logged_by_the_global_instance() {
    var r = gw.get("/nowhere");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode entry = entryFor(globalLog, requestId(r));
    assertThat(entry.get("response").get("status").asInt()).isEqualTo(404);
    assertThat(entry.get("source").asText()).isEqualTo("kong");
    assertThat(entry.has("route")).isFalse();
    assertThat(entry.has("service")).isFalse();
    assertThat(entry.has("tries")).isFalse();
    assertThat(entry.get("latencies").get("proxy").asLong()).isEqualTo(-1);
  }

  @Test
  void concurrent_requests_give_one_complete_line_each() throws Exception {
    Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 15; i++) ids.add(requestId(gw.get("/special/many")));
      }));
    }
    for (Thread t : threads) t.join();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Set<String> logged = new HashSet<>();
      for (JsonNode e : entries(routeLog)) logged.add(e.get("request").get("id").asText());
      assertThat(logged).containsAll(ids);
    });
  }

  @Test
  void reopen_follows_a_rotated_file() throws IOException {
    entryFor(rotatedLog, requestId(gw.get("/rotating")));
    Path old = dir.resolve("rotated.log.1");
    Files.move(rotatedLog, old);
    String id = requestId(gw.get("/rotating"));
    entryFor(rotatedLog, id);
    assertThat(entries(old)).noneMatch(e -> e.get("request").get("id").asText().equals(id));
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("file-log", "{}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.path: required field missing)");
    for (String bad : List.of("/tmp/a*b", "/tmp/a&b", "/tmp/100%", "/tmp/a\\\\b", "/tmp/a`b", " /tmp/x", "/tmp/x ")) {
      assertThatThrownBy(() -> gw.plugin("file-log", "{\"path\":\"" + bad + "\"}", ""))
          .as(bad)
          .isInstanceOf(KongException.class)
          .hasMessage("schema violation (config.path: not a valid filename)");
    }
    assertThat(gw.plugin("file-log", "{\"path\":\"/tmp/ok.log\"}", "").get("config").get("reopen").asBoolean()).isFalse();
  }
}
