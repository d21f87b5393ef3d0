package io.gatehouse.plugins.ratelimiting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The redis policy against a real redis-server: two gateway nodes sharing one Redis under
 * concurrent load, sync_rate batching, and Redis stopped and restarted mid-load. The window clock
 * is injected (fixed 10 s into a UTC minute), so a minute boundary never splits a run.
 */
class RedisRateLimitingIT {
  static final long T0 = Instant.parse("2025-03-14T15:09:10Z").toEpochMilli();
  static final AtomicLong clock = new AtomicLong(T0);
  static RedisServer redis;
  static PluginGateway a;
  static PluginGateway b;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    a = new PluginGateway(LoadedPlugins.of(new RateLimitingPlugin(clock::get)));
    b = new PluginGateway(LoadedPlugins.of(new RateLimitingPlugin(clock::get)));
    String redisConf = "\"policy\":\"redis\",\"redis\":{\"host\":\"127.0.0.1\",\"port\":" + redis.port() + ",\"timeout\":300}";
    route("/shared", "{\"minute\":300," + redisConf + "}");
    route("/synced", "{\"minute\":300,\"sync_rate\":0.1," + redisConf + "}");
    route("/tolerant", "{\"minute\":1000000," + redisConf + "}");
    route("/strict", "{\"minute\":1000000,\"fault_tolerant\":false," + redisConf + "}");
    // the deprecated flat fields still configure Redis
    route("/flat", "{\"minute\":2,\"policy\":\"redis\",\"redis_host\":\"127.0.0.1\",\"redis_port\":" + redis.port() + "}");
    route("/sliding", "{\"strategy\":\"sliding-window\",\"limits\":[{\"limit\":10,\"window_size\":10}]," + redisConf + "}");
    a.apply();
    b.apply();
  }

  /** The same service, route and plugin (same ids) on both nodes: they share counters. */
  static void route(String path, String config) {
    String svc = UUID.randomUUID().toString();
    String route = UUID.randomUUID().toString();
    for (PluginGateway gw : List.of(a, b)) {
      gw.insert("services", "{\"id\":\"" + svc + "\",\"host\":\"127.0.0.1\",\"port\":1}");
      gw.insert("routes", "{\"id\":\"" + route + "\",\"paths\":[\"" + path + "\"],\"service\":{\"id\":\"" + svc + "\"}}");
      gw.plugin("rate-limiting", config, "\"route\":{\"id\":\"" + route + "\"}");
    }
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    redis.close();
  }

  /** {@code total} requests spread over both nodes by 8 threads. */
  static NodeLoad load(String path, int total) throws Exception {
    return NodeLoad.run(List.of(a, b), path, total, 8, r -> {
      assertThat(r.headers().firstValue("X-RateLimit-Remaining-Minute")).hasValue("0");
      assertThat(r.headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("300");
      assertThat(r.headers().firstValue("Retry-After")).hasValue("50");
    });
  }

  @Test
  void two_nodes_sharing_redis_admit_exactly_the_limit() throws Exception {
    NodeLoad load = load("/shared", 800);
    assertThat(load.admitted()).isEqualTo(300); // atomic script: exact, well within 1 %
    assertThat(load.limited()).isEqualTo(500);
    assertThat(load.other()).isZero();
  }

  @Test
  void sync_rate_batching_over_admits_within_its_bound() throws Exception {
    NodeLoad load = load("/synced", 800);
    System.out.printf("sync_rate 0.1 s, 2 nodes, limit 300: admitted %d of 800%n", load.admitted());
    // bound (SyncedCounters): limit + (nodes − 1) × admissions per node per sync interval, ≤ nodes × limit
    assertThat(load.admitted()).isBetween(300, 600);
    assertThat(load.admitted() + load.limited()).isEqualTo(800);
    // once synced, both nodes agree the window is spent
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(a.get("/synced").statusCode()).isEqualTo(429);
      assertThat(b.get("/synced").statusCode()).isEqualTo(429);
    });
  }

  @Test
  void flat_redis_fields_and_sliding_windows_use_redis() {
    assertThat(a.get("/flat").statusCode()).isEqualTo(502);
    assertThat(b.get("/flat").statusCode()).isEqualTo(502);
    assertThat(a.get("/flat").statusCode()).isEqualTo(429);
    int admitted = 0;
    for (int i = 0; i < 12; i++) {
      admitted += (i % 2 == 0 ? a : b).get("/sliding").statusCode() == 502 ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(10);
  }

  @Test
  void redis_outage_fault_tolerant_passes_strict_fails_fast_and_counting_resumes() throws Exception {
    assertThat(a.get("/tolerant").headers().firstValue("X-RateLimit-Remaining-Minute")).isPresent();
    redis.stop();
    try {
      for (int i = 0; i < 20; i++) {
        long started = System.nanoTime();
        HttpResponse<String> tolerant = (i % 2 == 0 ? a : b).get("/tolerant");
        HttpResponse<String> strict = (i % 2 == 0 ? a : b).get("/strict");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tolerant.statusCode()).isEqualTo(502); // proxied
        assertThat(tolerant.headers().firstValue("X-RateLimit-Remaining-Minute")).isEmpty();
        assertThat(strict.statusCode()).isEqualTo(500);
        assertThat(strict.headers().firstValue("X-RateLimit-Remaining-Minute")).isEmpty();
        assertThat(millis).as("two requests, each bounded by the 300 ms timeout").isLessThan(2 * 300 + 400);
      }
    } finally {
      redis.restart();
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      HttpResponse<String> r = b.get("/tolerant");
      assertThat(r.headers().firstValue("X-RateLimit-Remaining-Minute")).isPresent();
      assertThat(a.get("/strict").statusCode()).isEqualTo(502);
    });
  }
}
