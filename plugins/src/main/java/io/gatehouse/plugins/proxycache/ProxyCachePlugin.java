package io.gatehouse.plugins.proxycache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.AdminEndpoint;
import io.gatehouse.plugin.AdminEndpoint.Reply;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * proxy-cache (reference plugins §17). One store per dictionary name lives as long as the plugin
 * (not a snapshot), so a config change keeps the cache; the Admin API purges it.
 */
public final class ProxyCachePlugin implements Plugin<ProxyCacheConfig> {
  static final long DEFAULT_DICTIONARY_BYTES = 128L * 1024 * 1024; // Kong's kong_db_cache size

  private final Map<String, CacheStore> stores = new ConcurrentHashMap<>();
  private volatile Map<String, String> dictionaryByPlugin = Map.of();

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
        Field.string("strategy").required().oneOf("memory"),
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
            Field.bool("X-Cache-Key").required().defaultValue(true)));
  }

  @Override
  public Class<ProxyCacheConfig> configType() {
    return ProxyCacheConfig.class;
  }

  @Override
  public PhaseHandler<ProxyCacheConfig> handler(PluginSnapshot snapshot) {
    Map<String, String> byPlugin = new ConcurrentHashMap<>();
    for (ObjectNode p : snapshot.table("plugins")) {
      if (name().equals(p.path("name").asText())) {
        byPlugin.put(p.path("id").asText(), p.path("config").path("memory").path("dictionary_name").asText("kong_db_cache"));
      }
    }
    dictionaryByPlugin = byPlugin;
    return new ProxyCacheHandler(this::store);
  }

  private CacheStore store(ProxyCacheConfig c) {
    return stores.computeIfAbsent(c.memory().dictionaryName(), n -> new MemoryStore(c.memory().dictionarySize()));
  }

  /** Kong's {@code kong/plugins/proxy-cache/api.lua}. */
  @Override
  public List<AdminEndpoint> adminEndpoints() {
    return List.of(
        new AdminEndpoint("DELETE", "/proxy-cache", p -> {
          stores.values().forEach(CacheStore::flush);
          return new Reply(204, null);
        }),
        new AdminEndpoint("GET", "/proxy-cache/{cache_key}", p -> find(stores.values(), p.get("cache_key"))),
        new AdminEndpoint("DELETE", "/proxy-cache/{cache_key}", p -> purge(stores.values(), p.get("cache_key"))),
        new AdminEndpoint("GET", "/proxy-cache/{plugin_id}/caches/{cache_key}",
            p -> find(ofPlugin(p.get("plugin_id")), p.get("cache_key"))),
        new AdminEndpoint("DELETE", "/proxy-cache/{plugin_id}/caches/{cache_key}",
            p -> purge(ofPlugin(p.get("plugin_id")), p.get("cache_key"))));
  }

  private List<CacheStore> ofPlugin(String pluginId) {
    String dict = dictionaryByPlugin.get(pluginId);
    CacheStore s = dict == null ? null : stores.get(dict);
    return s == null ? List.of() : List.of(s);
  }

  private static Reply find(Iterable<CacheStore> in, String key) {
    for (CacheStore s : in) {
      CachedResponse r = s.get(key);
      if (r != null) {
        return new Reply(200, render(r));
      }
    }
    return notFound();
  }

  private static Reply purge(Iterable<CacheStore> in, String key) {
    boolean any = false;
    for (CacheStore s : in) {
      any |= s.purge(key);
    }
    return any ? new Reply(204, null) : notFound();
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
