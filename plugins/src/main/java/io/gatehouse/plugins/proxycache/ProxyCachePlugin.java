package io.gatehouse.plugins.proxycache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.AdminEndpoint;
import io.gatehouse.plugin.AdminEndpoint.Reply;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugins.redis.RedisSettings;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * proxy-cache (reference plugins §17). One store per dictionary name (or redis record) lives as long as the plugin
 * (not a snapshot), so a config change keeps the cache; the Admin API purges it.
 */
public final class ProxyCachePlugin implements Plugin<ProxyCacheConfig> {
  static final long DEFAULT_DICTIONARY_BYTES = 128L * 1024 * 1024; // Kong's kong_db_cache size
  private static final long ADMIN_WAIT_SECONDS = 30;

  /** Strategy stores by identity ({@code memory:<dictionary>} or the redis record), kept across snapshots. */
  private final Map<Object, CacheStore> stores = new ConcurrentHashMap<>();
  private volatile Map<String, CacheStore> storeByPlugin = Map.of();

  @Override
  public String name() {
    return "proxy-cache";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Set<String> protocols() {
    return ALL_PROTOCOLS;
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
        Field.array("response_code", Field.element(Field.Type.INTEGER).between(100, 900)).required()
            .defaultValue(List.of(200, 301, 404)).lenMin(1),
        Field.array("request_method", Field.element(Field.Type.STRING).oneOf("HEAD", "GET", "POST", "PATCH", "PUT"))
            .required().defaultValue(List.of("GET", "HEAD")),
        Field.array("content_type", Field.element(Field.Type.STRING)).required()
            .defaultValue(List.of("text/plain", "application/json")),
        Field.integer("cache_ttl").defaultValue(300).between(1, Integer.MAX_VALUE),
        Field.string("strategy").required().oneOf("memory", "redis")
            .description("Gatehouse adds redis: one cache shared by every node"),
        Field.bool("cache_control").required().defaultValue(false),
        Field.bool("ignore_uri_case").defaultValue(false),
        Field.integer("storage_ttl"),
        Field.record("memory",
            Field.string("dictionary_name").required().defaultValue("kong_db_cache"),
            Field.integer("dictionary_size").defaultValue(DEFAULT_DICTIONARY_BYTES).between(1024, Long.MAX_VALUE)
                .description("Gatehouse: the byte bound of this dictionary")).required(),
        Field.array("vary_query_params", Field.element(Field.Type.STRING)),
        Field.array("vary_headers", Field.element(Field.Type.STRING)),
        Field.record("response_headers",
            Field.bool("age").required().defaultValue(true),
            Field.bool("X-Cache-Status").required().defaultValue(true),
            Field.bool("X-Cache-Key").required().defaultValue(true)),
        RedisSettings.schema())
        .recordCheck(EntityCheck.custom(List.of("strategy", "redis"), (c, errors) -> {
          if ("redis".equals(c.path("strategy").asText()) && !c.path("redis").path("host").isTextual()) {
            errors.entity("failed conditional validation given value of field 'strategy'");
            errors.field("redis", "host: required field missing");
          }
        }));
  }

  @Override
  public Class<ProxyCacheConfig> configType() {
    return ProxyCacheConfig.class;
  }

  @Override
  public PhaseHandler<ProxyCacheConfig> handler(PluginSnapshot snapshot) {
    // opened eagerly so the purge endpoints reach a shared (redis) cache before this node served from it
    Map<String, CacheStore> byPlugin = new ConcurrentHashMap<>();
    for (ObjectNode p : snapshot.table("plugins")) {
      if (name().equals(p.path("name").asText()) && p.get("config") instanceof ObjectNode config) {
        byPlugin.put(p.path("id").asText(), store(bind(config)));
      }
    }
    storeByPlugin = byPlugin;
    return new ProxyCacheHandler(this::store);
  }

  private CacheStore store(ProxyCacheConfig c) {
    if ("redis".equals(c.strategy()) && c.redis() != null) {
      return stores.computeIfAbsent(c.redis(), r -> new RedisStore((RedisSettings) r));
    }
    return stores.computeIfAbsent("memory:" + c.memory().dictionaryName(),
        n -> new MemoryStore(c.memory().dictionarySize()));
  }

  /**
   * Kong's {@code kong/plugins/proxy-cache/api.lua}. Admin handlers run on an Admin API thread, so
   * they wait for a redis store's answer (each call is bounded by its timeout).
   */
  @Override
  public List<AdminEndpoint> adminEndpoints() {
    return List.of(
        new AdminEndpoint("DELETE", "/proxy-cache", p -> {
          allStores().forEach(s -> await(s.flush()));
          return new Reply(204, null);
        }),
        new AdminEndpoint("GET", "/proxy-cache/{cache_key}", p -> find(allStores(), p.get("cache_key"))),
        new AdminEndpoint("DELETE", "/proxy-cache/{cache_key}", p -> purge(allStores(), p.get("cache_key"))),
        new AdminEndpoint("GET", "/proxy-cache/{plugin_id}/caches/{cache_key}",
            p -> find(ofPlugin(p.get("plugin_id")), p.get("cache_key"))),
        new AdminEndpoint("DELETE", "/proxy-cache/{plugin_id}/caches/{cache_key}",
            p -> purge(ofPlugin(p.get("plugin_id")), p.get("cache_key"))));
  }

  private Collection<CacheStore> allStores() {
    return stores.values();
  }

  private List<CacheStore> ofPlugin(String pluginId) {
    CacheStore s = storeByPlugin.get(pluginId);
    return s == null ? List.of() : List.of(s);
  }

  private static Reply find(Iterable<CacheStore> in, String key) {
    for (CacheStore s : in) {
      CachedResponse r = await(s.get(key));
      if (r != null) {
        return new Reply(200, render(r));
      }
    }
    return notFound();
  }

  private static Reply purge(Iterable<CacheStore> in, String key) {
    boolean any = false;
    for (CacheStore s : in) {
      any |= Boolean.TRUE.equals(await(s.purge(key)));
    }
    return any ? new Reply(204, null) : notFound();
  }

  /** A store's answer on an Admin thread; the store bounds its calls, this bound is a backstop. */
  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(ADMIN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cache", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the cache did not answer: " + e.getMessage(), e);
    }
  }

  private static Reply notFound() {
    return new Reply(404, Json.object().put("message", "Not found"));
  }

  private static ObjectNode render(CachedResponse r) {
    ObjectNode o = Json.object();
    o.put("status", r.status());
    ObjectNode h = o.putObject("headers");
    r.headers().forEach(h::put);
    o.put("body", new String(r.body(), StandardCharsets.UTF_8));
    o.put("body_len", r.body().length);
    o.put("timestamp", r.timestampMillis() / 1000);
    o.put("ttl", r.ttlSeconds());
    o.put("version", r.version());
    return o;
  }
}
