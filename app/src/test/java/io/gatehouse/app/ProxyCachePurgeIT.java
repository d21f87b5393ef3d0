package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.testsupport.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxy-cache's purge endpoints through the real Admin API of whole nodes (Kong's
 * {@code kong/plugins/proxy-cache/api.lua}): two nodes with their own stores share one Redis cache
 * (the same service/route/plugin ids posted to both), plus a memory-strategy route on one node. The
 * effect of every purge is checked through the proxy.
 */
class ProxyCachePurgeIT {
  @TempDir Path prefixA;
  @TempDir Path prefixB;
  final HttpClient http = HttpClient.newHttpClient();

  record Gw(Node node, AdminClient admin, String proxy) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      node.close();
    }
  }

  static Gw start(Path prefix) throws Exception {
    var settings = new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of(
        "prefix", prefix.toString(), "status_listen", "127.0.0.1:0", "admin_listen", "127.0.0.1:0",
        "proxy_listen", "127.0.0.1:0"));
    Node node = Node.start(settings);
    return new Gw(node,
        new AdminClient("http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort()),
        "http://127.0.0.1:" + node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort());
  }

  HttpResponse<String> get(Gw gw, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(gw.proxy() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  String cacheStatus(Gw gw, String path) throws Exception {
    return get(gw, path).headers().firstValue("X-Cache-Status").orElse("<none>");
  }

  static void created(AdminClient.Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  @Test
  void purges_through_the_admin_api_reach_memory_and_shared_redis_caches() throws Exception {
    String svc = UUID.randomUUID().toString();
    String route = UUID.randomUUID().toString();
    String shared = UUID.randomUUID().toString();
    try (RedisServer redis = RedisServer.start(); EchoUpstream upstream = EchoUpstream.start();
        Gw a = start(prefixA); Gw b = start(prefixB)) {
      for (Gw gw : List.of(a, b)) {
        created(gw.admin().post("/services", "{\"id\":\"" + svc + "\",\"name\":\"cached\",\"url\":\"http://127.0.0.1:"
            + upstream.port() + "\"}"));
        created(gw.admin().post("/routes", "{\"id\":\"" + route + "\",\"paths\":[\"/cached\"],\"service\":{\"id\":\"" + svc + "\"}}"));
        created(gw.admin().post("/plugins", "{\"id\":\"" + shared + "\",\"name\":\"proxy-cache\",\"route\":{\"id\":\"" + route
            + "\"},\"config\":{\"strategy\":\"redis\",\"redis\":{\"host\":\"127.0.0.1\",\"port\":" + redis.port() + "}}}"));
      }
      created(a.admin().form("POST", "/services", "name=mem&url=http://127.0.0.1:" + upstream.port()));
      created(a.admin().form("POST", "/services/mem/routes", "paths[]=/mem"));
      AdminClient.Resp memPlugin = a.admin().form("POST", "/services/mem/plugins", "name=proxy-cache&config.strategy=memory");
      created(memPlugin);
      String memId = memPlugin.json().get("id").asText();
      for (Gw gw : List.of(a, b)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !cacheStatus(gw, "/cached/warm").equals("<none>"));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> !cacheStatus(a, "/mem/warm").equals("<none>"));

      // shared: cached by a, served by b without reaching the upstream
      HttpResponse<String> miss = get(a, "/cached/x");
      assertThat(miss.headers().firstValue("X-Cache-Status")).hasValue("Miss");
      String key = miss.headers().firstValue("X-Cache-Key").orElseThrow();
      await().atMost(Duration.ofSeconds(5)).until(() -> cacheStatus(b, "/cached/x").equals("Hit"));
      int before = upstream.requests();
      assertThat(cacheStatus(b, "/cached/x")).isEqualTo("Hit");
      assertThat(upstream.requests()).isEqualTo(before);

      AdminClient.Resp found = b.admin().get("/proxy-cache/" + key);
      assertThat(found.status()).as(found.toString()).isEqualTo(200);
      assertThat(found.json().get("status").asInt()).isEqualTo(200);
      assertThat(found.json().get("body").asText()).isEqualTo(miss.body());
      assertThat(b.admin().get("/proxy-cache/" + shared + "/caches/" + key).status()).isEqualTo(200);

      // per-plugin purge on b empties the cache a serves from
      assertThat(b.admin().delete("/proxy-cache/" + shared + "/caches/" + key).status()).isEqualTo(204);
      assertThat(a.admin().get("/proxy-cache/" + key).status()).isEqualTo(404);
      assertThat(b.admin().delete("/proxy-cache/" + shared + "/caches/" + key).status()).isEqualTo(404);
      assertThat(cacheStatus(a, "/cached/x")).isEqualTo("Miss");

      // purge by key on a empties what b serves
      await().atMost(Duration.ofSeconds(5)).until(() -> cacheStatus(b, "/cached/x").equals("Hit"));
      assertThat(a.admin().delete("/proxy-cache/" + key).status()).isEqualTo(204);
      assertThat(cacheStatus(b, "/cached/x")).isEqualTo("Miss");

      // memory strategy on a: purge by plugin and key, then flush everything
      String memKey = get(a, "/mem/y").headers().firstValue("X-Cache-Key").orElseThrow();
      assertThat(cacheStatus(a, "/mem/y")).isEqualTo("Hit");
      assertThat(a.admin().get("/proxy-cache/" + memId + "/caches/" + memKey).status()).isEqualTo(200);
      assertThat(a.admin().get("/proxy-cache/" + shared + "/caches/" + memKey).status()).isEqualTo(404);
      assertThat(a.admin().delete("/proxy-cache/" + memId + "/caches/" + memKey).status()).isEqualTo(204);
      assertThat(cacheStatus(a, "/mem/y")).isEqualTo("Miss");
      assertThat(cacheStatus(a, "/mem/y")).isEqualTo("Hit");
      await().atMost(Duration.ofSeconds(5)).until(() -> cacheStatus(b, "/cached/x").equals("Hit"));

      assertThat(a.admin().delete("/proxy-cache").status()).isEqualTo(204);
      AdminClient.Resp gone = a.admin().get("/proxy-cache/" + memKey);
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.json().get("message").asText()).isEqualTo("Not found");
      assertThat(b.admin().get("/proxy-cache/" + key).status()).isEqualTo(404);
      assertThat(cacheStatus(a, "/mem/y")).isEqualTo("Miss");
      assertThat(cacheStatus(b, "/cached/x")).isEqualTo("Miss");
    }
  }
}
