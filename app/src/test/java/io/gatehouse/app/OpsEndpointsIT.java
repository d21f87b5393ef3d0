package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Issue 21: the Admin endpoints ops scripts call, in Kong 3.9's shapes (api/routes/{cache,debug,kong}.lua). */
class OpsEndpointsIT {
  @TempDir Path prefix;

  private static Level rootLevel() {
    return ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).getLevel();
  }

  // Kong 22-debug_spec: GET/PUT /debug/node/log-level, messages, timeout, and the level reverting
  @Test
  void logLevelChangesTheRunningLevelAndReverts() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("log_level", "notice"))) {
      AdminClient api = gw.admin;
      assertThat(api.get("/debug/node/log-level").message()).isEqualTo("log level: notice");
      assertThat(api.json("PUT", "/debug/node/log-level/notice", "{}").message()).isEqualTo("log level is already notice");
      Resp unknown = api.json("PUT", "/debug/node/log-level/stderr", "{}");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.message()).isEqualTo("unknown log level: stderr");
      Resp negative = api.json("PUT", "/debug/node/log-level/warn?timeout=-1", "{}");
      assertThat(negative.status()).isEqualTo(400);
      assertThat(negative.message()).isEqualTo("timeout must be greater than or equal to 0");

      Resp changed = api.json("PUT", "/debug/node/log-level/error?timeout=1", "{}");
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.message()).isEqualTo("log level changed");
      assertThat(api.get("/debug/node/log-level").message()).isEqualTo("log level: error");
      assertThat(rootLevel()).as("Logback's root logger follows").isEqualTo(Level.ERROR);
      await("the configured level returns after the timeout").atMost(Duration.ofSeconds(5))
          .until(() -> api.get("/debug/node/log-level").message().equals("log level: notice"));
      assertThat(rootLevel()).isEqualTo(Level.INFO);

      assertThat(api.json("PUT", "/debug/cluster/log-level/warn?timeout=1", "{}").message()).isEqualTo("log level changed");
      assertThat(api.get("/debug/node/log-level").message()).isEqualTo("log level: warn");
      await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/debug/node/log-level").message().equals("log level: notice"));
    }
  }

  // Kong 22-debug_spec: "cannot change the log level for dbless" (405)
  @Test
  void logLevelCannotChangeWithoutADatabase() throws Exception {
    Path file = Files.writeString(prefix.resolve("kong.yml"), "_format_version: \"3.0\"\n");
    try (WholeNode gw = new WholeNode(prefix, Map.of("database", "off", "declarative_config", file.toString()))) {
      Resp r = gw.admin.json("PUT", "/debug/node/log-level/debug", "{}");
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.message()).isEqualTo("cannot change log level when not using a database");
      assertThat(gw.admin.get("/debug/node/log-level").status()).isEqualTo(200);
    }
  }

  // Kong cache.lua / 05-cache_routes_spec, kong.lua /timers and /status/dns (20-timers_spec shape)
  @Test
  void cacheTimersAndDnsAnswerInKongsShapes() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of())) {
      AdminClient api = gw.admin;
      Resp miss = api.get("/cache/some-key");
      assertThat(miss.status()).isEqualTo(404);
      assertThat(miss.message()).isEqualTo("Not found");
      assertThat(api.delete("/cache/some-key").status()).isEqualTo(204);
      assertThat(api.delete("/cache").status()).isEqualTo(204);
      JsonNode timers = api.get("/timers").json();
      assertThat(timers.at("/worker/id").isNumber()).isTrue();
      assertThat(timers.at("/worker/count").isNumber()).isTrue();
      assertThat(timers.at("/stats/flamegraph/running").isTextual()).isTrue();
      assertThat(timers.at("/stats/sys/total").isNumber()).isTrue();
      assertThat(timers.at("/stats/timers").isObject()).isTrue();
      Resp dns = api.get("/status/dns");
      assertThat(dns.status()).isEqualTo(501);
      assertThat(dns.message()).isEqualTo("not implemented with the legacy DNS client");
    }
  }
}
