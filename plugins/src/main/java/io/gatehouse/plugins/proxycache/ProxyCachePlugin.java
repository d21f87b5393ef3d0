package io.gatehouse.plugins.proxycache;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.redis.RedisSettings;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.AdminEndpoint.Reply;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * proxy-cache (reference plugins §17). One store per dictionary name (or redis record) lives as long as the plugin
 * (not a snapshot), so a config change keeps the cache; the Admin API purges it.
 */
@PluginInfo(name = "proxy-cache", priority = 100, protocols = Protocols.ALL)
public final class ProxyCachePlugin implements PreparedPlugin<ProxyCacheConfig, ProxyCacheConfig> {
  static final long DEFAULT_DICTIONARY_BYTES = 128L * 1024 * 1024; // Kong's kong_db_cache size
  private static final long ADMIN_WAIT_SECONDS = 30;

  /** Strategy stores by identity ({@code memory:<dictionary>} or the redis settings), kept across snapshots. */
  private final Map<Object, CacheStore> stores = new ConcurrentHashMap<>();
  private volatile Map<String, CacheStore> storeByPlugin = Map.of();
  private final ProxyCacheHandler handler = new ProxyCacheHandler(this::store);

  /** Strategy {@code redis} needs {@code redis.host}. */
  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    return type != ProxyCacheConfig.class ? EntityChecks.NONE : EntityChecks.NONE.conditional("strategy",
        "redis"::equals, "redis", r -> r instanceof Map<?, ?> m && m.get("host") instanceof String
            ? null : "host: required field missing");
  }

  @Override
  public ProxyCacheConfig prepare(ProxyCacheConfig config, Snapshot snapshot) {
    // opened eagerly so the purge endpoints reach a shared (redis) cache before this node served from it
    snapshot.shared(PluginStores.class, s -> {
      PluginStores byPlugin = new PluginStores(pluginStores(s));
      storeByPlugin = byPlugin.byId();
      return byPlugin;
    });
    return config;
  }

  /** This snapshot's proxy-cache instances' stores by plugin id (for {@code /proxy-cache/{plugin_id}/...}). */
  private record PluginStores(Map<String, CacheStore> byId) {}

  private Map<String, CacheStore> pluginStores(Snapshot snapshot) {
    Map<String, CacheStore> byId = new HashMap<>();
    for (Row p : snapshot.rows("plugins")) {
      if ("proxy-cache".equals(p.text("name")) && p.toMap().get("config") instanceof Map<?, ?> c) {
        byId.put(p.id(), store(c));
      }
    }
    return Map.copyOf(byId);
  }

  /** The store of a stored (defaulted) config row. */
  private CacheStore store(Map<?, ?> c) {
    if ("redis".equals(c.get("strategy")) && c.get("redis") instanceof Map<?, ?> redis) {
      return redisStore(RedisSettings.from(Json.MAPPER.valueToTree(redis)));
    }
    Map<?, ?> memory = c.get("memory") instanceof Map<?, ?> m ? m : Map.of();
    Object name = memory.get("dictionary_name");
    return memoryStore(name == null ? "kong_db_cache" : name.toString(),
        memory.get("dictionary_size") instanceof Number n ? n.longValue() : DEFAULT_DICTIONARY_BYTES);
  }

  private CacheStore store(ProxyCacheConfig c) {
    if ("redis".equals(c.strategy()) && c.redis() != null) {
      return redisStore(c.redis().settings());
    }
    return memoryStore(c.memory().dictionaryName(), c.memory().dictionarySize());
  }

  private CacheStore redisStore(RedisSettings settings) {
    return stores.computeIfAbsent(settings, r -> new RedisStore((RedisSettings) r));
  }

  private CacheStore memoryStore(String dictionary, long bytes) {
    return stores.computeIfAbsent("memory:" + dictionary, n -> new MemoryStore(bytes));
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, ProxyCacheConfig config) {
    return handler.accessAsync(ctx, config);
  }

  @Override
  public void resume(AccessPhase ctx, ProxyCacheConfig config, @Nullable Object result) {
    handler.resume(ctx, config, result);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, ProxyCacheConfig config) {
    handler.headerFilter(ctx, config);
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, ProxyCacheConfig config) {
    return handler.filtersBody(ctx, config);
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, ProxyCacheConfig config, byte[] chunk, boolean last) {
    return handler.bodyFilter(ctx, config, chunk, last);
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
    return new Reply(404, Map.of("message", "Not found"));
  }

  private static Map<String, Object> render(CachedResponse r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("status", r.status());
    o.put("headers", new LinkedHashMap<>(r.headers()));
    o.put("body", new String(r.body(), StandardCharsets.UTF_8));
    o.put("body_len", r.body().length);
    o.put("timestamp", r.timestampMillis() / 1000);
    o.put("ttl", r.ttlSeconds());
    o.put("version", r.version());
    return o;
  }
}
