package io.gatehouse.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.plugins.PluginServices;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.OffLoopCounters;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code policy: cluster}: two nodes whose counters live in one SQLite file (each with its own
 * connection, as two processes would), under concurrent load; and a node without a database, where
 * {@code fault_tolerant} decides. The window clock is injected (10 s into a UTC minute).
 */
class ClusterRateLimitingIT {
  static final long T0 = Instant.parse("2025-03-14T15:09:10Z").toEpochMilli();
  static final AtomicLong clock = new AtomicLong(T0);
  static Path dir;
  static final List<AutoCloseable> closing = new ArrayList<>();
  static PluginGateway a;
  static PluginGateway b;
  static PluginGateway noDatabase;

  static PluginGateway node(Path file) {
    RateLimitingPlugin plugin = new RateLimitingPlugin(clock::get);
    if (file != null) {
      SqlCounters sql = SqliteConfigStore.counters(file, clock::get);
      OffLoopCounters counters = new OffLoopCounters(sql::admit, sql::add);
      closing.add(counters);
      closing.add(sql);
      plugin.start(PluginServices.withCounters(counters));
    }
    return new PluginGateway(LoadedPlugins.of(plugin));
  }

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("cluster-rl");
    a = node(dir.resolve("gatehouse.db"));
    b = node(dir.resolve("gatehouse.db"));
    noDatabase = node(null);
    route(List.of(a, b), "/shared", "{\"minute\":100,\"policy\":\"cluster\"}");
    route(List.of(noDatabase), "/tolerant", "{\"minute\":1,\"policy\":\"cluster\"}");
    route(List.of(noDatabase), "/strict", "{\"minute\":1,\"policy\":\"cluster\",\"fault_tolerant\":false}");
    for (PluginGateway gw : List.of(a, b, noDatabase)) {
      gw.apply();
    }
  }

  static void route(List<PluginGateway> nodes, String path, String config) {
    String svc = UUID.randomUUID().toString();
    String route = UUID.randomUUID().toString();
    for (PluginGateway gw : nodes) {
      gw.insert("services", "{\"id\":\"" + svc + "\",\"host\":\"127.0.0.1\",\"port\":" + gw.echoPort() + "}");
      gw.insert("routes", "{\"id\":\"" + route + "\",\"paths\":[\"" + path + "\"],\"service\":{\"id\":\"" + svc + "\"}}");
      gw.plugin("rate-limiting", config, "\"route\":{\"id\":\"" + route + "\"}");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (PluginGateway gw : List.of(a, b, noDatabase)) {
      gw.close();
    }
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @Test
  void two_nodes_sharing_the_database_admit_exactly_the_limit() throws Exception {
    NodeLoad load = NodeLoad.run(List.of(a, b), "/shared", 240, 6, r -> {
      assertThat(r.headers().firstValue("X-RateLimit-Remaining-Minute")).hasValue("0");
      assertThat(r.headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("100");
      assertThat(r.headers().firstValue("Retry-After")).hasValue("50");
    });
    assertThat(load.admitted()).isEqualTo(100);
    assertThat(load.limited()).isEqualTo(140);
    assertThat(load.other()).isZero();
  }

  @Test
  void without_a_database_fault_tolerant_decides() {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = noDatabase.get("/tolerant");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-RateLimit-Limit-Minute")).isEmpty();
    }
    assertThat(noDatabase.get("/strict").statusCode()).isEqualTo(500);
  }
}
