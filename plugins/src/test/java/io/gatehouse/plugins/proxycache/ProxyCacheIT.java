package io.gatehouse.plugins.proxycache;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.proxy.plugins.LoadedPlugin;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** proxy-cache, strategy memory (Kong's spec/03-plugins/31-proxy-cache; reference plugins §17). */
class ProxyCacheIT {
  static PluginGateway gw;
  static LoadedPlugin<?, ?> plugin;
  static ObjectNode perRoute;

  @BeforeAll
  static void start() {
    LoadedPlugins loaded = LoadedPlugins.load(List.of("bundled"), ProxyCacheIT.class.getClassLoader());
    plugin = loaded.find("proxy-cache");
    gw = new PluginGateway(loaded);
    // the echo upstream answers application/json without parameters: cacheable by default
    perRoute = gw.plugin("proxy-cache", "{\"strategy\":\"memory\"}", ref("route", gw.serviceAndRoute("/c")));
    gw.plugin("proxy-cache", "{\"strategy\":\"memory\",\"vary_headers\":[\"x-lang\"],\"vary_query_params\":[\"a\"]}",
        ref("route", gw.serviceAndRoute("/vary")));
    gw.plugin("proxy-cache", "{\"strategy\":\"memory\",\"response_headers\":{\"age\":false,\"X-Cache-Status\":false,"
        + "\"X-Cache-Key\":false}}", ref("route", gw.serviceAndRoute("/quiet")));
    gw.plugin("proxy-cache", "{\"strategy\":\"memory\",\"cache_control\":true}", ref("route", gw.serviceAndRoute("/cc")));
    gw.plugin("proxy-cache", "{\"strategy\":\"memory\",\"content_type\":[\"text/plain\"]}",
        ref("route", gw.serviceAndRoute("/text-only")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String status(HttpResponse<String> r) {
    return r.headers().firstValue("X-Cache-Status").orElse("<none>");
  }

  private static AdminEndpoint.Reply admin(String method, String template, Map<String, String> params) {
    return plugin.adminEndpoints().stream().filter(e -> e.method().equals(method) && e.template().equals(template))
        .findFirst().orElseThrow().handler().apply(params);
  }

  @Test
  void miss_then_hit_without_touching_the_upstream() {
    HttpResponse<String> miss = gw.get("/c/one");
    assertThat(status(miss)).isEqualTo("Miss");
    String key = miss.headers().firstValue("X-Cache-Key").orElseThrow();
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(miss.headers().firstValue("Age")).isEmpty();
    int upstream = gw.upstreamRequests();
    HttpResponse<String> hit = gw.get("/c/one");
    assertThat(status(hit)).isEqualTo("Hit");
    assertThat(hit.headers().firstValue("X-Cache-Key")).hasValue(key);
    assertThat(hit.headers().firstValue("Age")).isPresent();
    assertThat(hit.headers().firstValue("X-Kong-Upstream-Latency")).isEmpty();
    assertThat(hit.body()).isEqualTo(miss.body());
    assertThat(hit.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(gw.upstreamRequests()).isEqualTo(upstream);
  }

  @Test
  void post_bypasses_and_other_queries_get_other_keys() {
    assertThat(status(gw.send("POST", "/c/post"))).isEqualTo("Bypass");
    String k1 = gw.get("/c/q?x=1").headers().firstValue("X-Cache-Key").orElseThrow();
    String k2 = gw.get("/c/q?x=2").headers().firstValue("X-Cache-Key").orElseThrow();
    assertThat(k1).isNotEqualTo(k2);
    assertThat(status(gw.get("/c/q?x=1"))).isEqualTo("Hit");
  }

  @Test
  void vary_headers_and_vary_query_params() {
    assertThat(status(gw.get("/vary/p?a=1&b=1", "x-lang", "en"))).isEqualTo("Miss");
    assertThat(status(gw.get("/vary/p?a=1&b=2", "x-lang", "en"))).isEqualTo("Hit"); // b does not vary
    assertThat(status(gw.get("/vary/p?a=1&b=1", "x-lang", "fr"))).isEqualTo("Miss");
  }

  @Test
  void non_matching_content_type_bypasses() {
    assertThat(status(gw.get("/text-only/x"))).isEqualTo("Bypass");
    assertThat(status(gw.get("/text-only/x"))).isEqualTo("Bypass");
  }

  @Test
  void diagnostic_headers_off_unless_kong_debug() {
    HttpResponse<String> r = gw.get("/quiet/x");
    assertThat(r.headers().firstValue("X-Cache-Status")).isEmpty();
    assertThat(r.headers().firstValue("X-Cache-Key")).isEmpty();
    assertThat(status(gw.get("/quiet/x", "Kong-Debug", "1"))).isEqualTo("Hit");
  }

  @Test
  void cache_control_request_no_cache_bypasses_and_upstream_without_max_age_is_not_stored() {
    assertThat(status(gw.get("/cc/x", "Cache-Control", "no-cache"))).isEqualTo("Bypass");
    assertThat(status(gw.get("/cc/x"))).isEqualTo("Bypass"); // the echo sends no max-age: TTL 0
    assertThat(gw.get("/cc/y", "Cache-Control", "only-if-cached").statusCode()).isEqualTo(504);
  }

  @Test
  void purge_endpoints() {
    String key = gw.get("/c/purge").headers().firstValue("X-Cache-Key").orElseThrow();
    assertThat(admin("GET", "/proxy-cache/{cache_key}", Map.of("cache_key", key)).status()).isEqualTo(200);
    assertThat(admin("GET", "/proxy-cache/{plugin_id}/caches/{cache_key}",
        Map.of("plugin_id", id(perRoute), "cache_key", key)).status()).isEqualTo(200);
    assertThat(admin("DELETE", "/proxy-cache/{cache_key}", Map.of("cache_key", key)).status()).isEqualTo(204);
    assertThat(admin("GET", "/proxy-cache/{cache_key}", Map.of("cache_key", key)).status()).isEqualTo(404);
    assertThat(status(gw.get("/c/purge"))).isEqualTo("Miss");
    assertThat(admin("DELETE", "/proxy-cache/{plugin_id}/caches/{cache_key}",
        Map.of("plugin_id", id(perRoute), "cache_key", key)).status()).isEqualTo(204);
    gw.get("/c/purge");
    assertThat(admin("DELETE", "/proxy-cache", Map.of()).status()).isEqualTo(204);
    assertThat(status(gw.get("/c/purge"))).isEqualTo("Miss");
  }
}
