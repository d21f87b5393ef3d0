package io.gatehouse.plugins.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.MovableClock;
import io.gatehouse.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * circuit-breaker with {@code strategy: redis}: two gateways (own breakers, own injected clocks)
 * guard the same route with the same plugin instance; when one opens, the other adopts the open
 * state from Redis and stops calling the origin; a recovery closes each through its own trials.
 */
class CircuitBreakerRedisIT {

  @Test
  void an_open_breaker_on_one_node_opens_the_others() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    AtomicInteger status = new AtomicInteger(500);
    HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", x -> {
      try (x) {
        hits.incrementAndGet();
        x.sendResponseHeaders(status.get(), -1);
      }
    });
    origin.start();
    MovableClock clockA = new MovableClock();
    MovableClock clockB = new MovableClock();
    String pluginId = UUID.randomUUID().toString();
    try (RedisServer redis = RedisServer.start();
        PluginGateway a = new PluginGateway(LoadedPlugins.of(new CircuitBreakerPlugin(clockA)));
        PluginGateway b = new PluginGateway(LoadedPlugins.of(new CircuitBreakerPlugin(clockB)));
        RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> check = client.connect()) {
      String svc = UUID.randomUUID().toString();
      String route = UUID.randomUUID().toString();
      for (PluginGateway gw : List.of(a, b)) {
        gw.insert("services", "{\"id\":\"" + svc + "\",\"host\":\"127.0.0.1\",\"port\":" + origin.getAddress().getPort() + "}");
        gw.insert("routes", "{\"id\":\"" + route + "\",\"paths\":[\"/shared\"],\"service\":{\"id\":\"" + svc + "\"}}");
        gw.insert("plugins", "{\"id\":\"" + pluginId + "\",\"name\":\"circuit-breaker\",\"route\":{\"id\":\"" + route + "\"},"
            + "\"config\":{\"strategy\":\"redis\",\"redis\":{\"host\":\"127.0.0.1\",\"port\":" + redis.port() + "},"
            + "\"sliding_window_size\":2,\"minimum_number_of_calls\":2,\"wait_duration_in_open_state\":30,"
            + "\"permitted_number_of_calls_in_half_open_state\":1}}");
        gw.apply();
      }
      // node a sees the failures and opens; the open state lands in redis
      await().atMost(Duration.ofSeconds(5)).until(() -> a.get("/shared").statusCode() == 503 && hits.get() >= 2);
      await().atMost(Duration.ofSeconds(5)).until(() -> check.sync().exists("circuit-breaker:" + pluginId) == 1);
      assertThat(check.sync().pttl("circuit-breaker:" + pluginId)).isBetween(1L, 30_000L);

      // node b has not failed once, yet adopts it: at most its first call reaches the origin
      int before = hits.get();
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        HttpResponse<String> r = b.get("/shared");
        return r.statusCode() == 503 && r.body().contains("circuit breaker is open");
      });
      assertThat(hits.get() - before).isLessThanOrEqualTo(1);
      int reached = hits.get();
      for (int i = 0; i < 5; i++) assertThat(b.get("/shared").statusCode()).isEqualTo(503);
      assertThat(hits.get()).isEqualTo(reached);

      // the origin recovers: a's trial closes a and withdraws the shared state
      status.set(200);
      clockA.advance(31_000);
      assertThat(a.get("/shared").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> check.sync().exists("circuit-breaker:" + pluginId) == 0);
      clockB.advance(31_000);
      assertThat(b.get("/shared").statusCode()).isEqualTo(200);
      assertThat(a.get("/shared").statusCode()).isEqualTo(200);
    } finally {
      origin.stop(0);
    }
  }

  @Test
  void strategy_redis_needs_a_redis_host() {
    try (PluginGateway gw = new PluginGateway(LoadedPlugins.of(new CircuitBreakerPlugin()))) {
      assertThatThrownBy(() -> gw.plugin("circuit-breaker", "{\"strategy\":\"redis\"}", ""))
          .isInstanceOf(KongException.class)
          .hasMessageContaining("failed conditional validation given value of field 'strategy'");
    }
  }
}
