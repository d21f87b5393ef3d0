package io.gatehouse.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.testsupport.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * proxy-cache {@code strategy: redis} (Gatehouse, beyond Kong OSS): two nodes with one route and
 * plugin (same ids) and one real redis-server share one cache; purges on one node reach the other.
 */
class RedisProxyCacheIT {
  static RedisServer redis;
  static PluginGateway a;
  static PluginGateway b;
  static ProxyCachePlugin pluginA;
  static ProxyCachePlugin pluginB;
  static String pluginId;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    pluginA = new ProxyCachePlugin();
    pluginB = new ProxyCachePlugin();
    a = new PluginGateway(LoadedPlugins.of(pluginA));
    b = new PluginGateway(LoadedPlugins.of(pluginB));
    String conf = "{\"strategy\":\"redis\",\"redis\":{\"host\":\"127.0.0.1\",\"port\":" + redis.port()
        + ",\"timeout\":2000}}"; // Kong's default: this class tests sharing, not timeouts
    String svc = UUID.randomUUID().toString();
    String route = UUID.randomUUID().toString();
    pluginId = UUID.randomUUID().toString();
    for (PluginGateway gw : List.of(a, b)) {
      // each node proxies to its own echo upstream, so its counter shows which node reached an upstream
      gw.insert("services", "{\"id\":\"" + svc + "\",\"host\":\"127.0.0.1\",\"port\":" + gw.echoPort() + "}");
      gw.insert("routes", "{\"id\":\"" + route + "\",\"paths\":[\"/rc\"],\"service\":{\"id\":\"" + svc + "\"}}");
      gw.insert("plugins", "{\"id\":\"" + pluginId + "\",\"name\":\"proxy-cache\",\"config\":" + conf
          + ",\"route\":{\"id\":\"" + route + "\"}}");
      gw.apply();
    }
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    redis.close();
  }

  private static String status(HttpResponse<String> r) {
    return r.headers().firstValue("X-Cache-Status").orElse("<none>");
  }

  private static AdminEndpoint.Reply admin(ProxyCachePlugin plugin, String method, String template, Map<String, String> params) {
    return plugin.adminEndpoints().stream().filter(e -> e.method().equals(method) && e.template().equals(template))
        .findFirst().orElseThrow().handler().apply(params);
  }

  /** A miss on node a, then the cached response on node b: b's upstream is never reached. */
  private static String cachedOnAServedByB(String path) {
    HttpResponse<String> miss = a.get(path);
    assertThat(status(miss)).isEqualTo("Miss");
    String key = miss.headers().firstValue("X-Cache-Key").orElseThrow();
    int upstreamB = b.upstreamRequests();
    // the store completes after the body went out: wait until node b sees it
    await().atMost(Duration.ofSeconds(5)).until(() -> status(b.get(path)).equals("Hit"));
    HttpResponse<String> hit = b.get(path);
    assertThat(hit.headers().firstValue("X-Cache-Key")).hasValue(key);
    assertThat(hit.headers().firstValue("Age")).isPresent();
    assertThat(hit.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(b.upstreamRequests()).isEqualTo(upstreamB);
    return key;
  }

  @Test
  void a_response_cached_by_one_node_is_served_by_the_other() {
    cachedOnAServedByB("/rc/shared?x=1");
    assertThat(redis.command("KEYS", RedisStore.PREFIX + "*")).asList().isNotEmpty();
  }

  @Test
  void purge_on_one_node_reaches_the_cache_of_the_other() {
    String key = cachedOnAServedByB("/rc/purge-one");
    ObjectNode found = (ObjectNode) com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
        .valueToTree(admin(pluginB, "GET", "/proxy-cache/{cache_key}", Map.of("cache_key", key)).body());
    assertThat(found.get("status").asInt()).isEqualTo(200);
    assertThat(admin(pluginB, "DELETE", "/proxy-cache/{plugin_id}/caches/{cache_key}",
        Map.of("plugin_id", pluginId, "cache_key", key)).status()).isEqualTo(204);
    assertThat(admin(pluginA, "GET", "/proxy-cache/{cache_key}", Map.of("cache_key", key)).status()).isEqualTo(404);
    assertThat(status(a.get("/rc/purge-one"))).isEqualTo("Miss");
  }

  @Test
  void flush_on_one_node_empties_the_shared_cache() {
    String key = cachedOnAServedByB("/rc/flush");
    assertThat(admin(pluginA, "DELETE", "/proxy-cache", Map.of()).status()).isEqualTo(204);
    assertThat(admin(pluginB, "DELETE", "/proxy-cache/{cache_key}", Map.of("cache_key", key)).status()).isEqualTo(404);
    assertThat(status(b.get("/rc/flush"))).isEqualTo("Miss");
  }

  @Test
  void redis_host_is_required_for_the_redis_strategy() {
    assertThatThrownBy(() -> a.plugin("proxy-cache", "{\"strategy\":\"redis\"}", ""))
        .hasMessageContaining("strategy");
  }

  @Test
  void encoding_round_trips_and_garbage_is_a_miss() {
    CachedResponse r = new CachedResponse(201, Map.of("Content-Type", "text/plain", "X-A", "b"),
        "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1234L, 60, CachedResponse.VERSION);
    CachedResponse back = RedisStore.decode(RedisStore.encode(r));
    assertThat(back).isNotNull();
    assertThat(back.status()).isEqualTo(201);
    assertThat(back.headers()).isEqualTo(r.headers());
    assertThat(back.body()).isEqualTo(r.body());
    assertThat(back.timestampMillis()).isEqualTo(1234L);
    assertThat(RedisStore.decode(new byte[] {1, 2, 3})).isNull();
  }
}
