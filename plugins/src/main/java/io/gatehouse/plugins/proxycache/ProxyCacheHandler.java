package io.gatehouse.plugins.proxycache;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Phase;
import io.gatehouse.sdk.ResponseHeaders;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kong's flow (reference plugins §17, Flow): lookup in access (async: the redis strategy waits on Redis), decide in header_filter, store in body_filter. */
final class ProxyCacheHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyCacheHandler.class);
  private static final Set<String> NOT_REPLAYED = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "content-length",
      "x-kong-proxy-latency", "x-kong-upstream-latency", "x-kong-request-id", "x-kong-upstream-status");

  /** What access decided, kept for the later phases of the same request. */
  private static final class State {
    String status; // Miss, Refresh, Bypass
    final String key;
    final long nowMillis;
    final boolean debug;
    boolean store;
    long ttl;
    int responseStatus;
    Map<String, String> headers = Map.of();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    State(String status, String key, long nowMillis, boolean debug) {
      this.status = status;
      this.key = key;
      this.nowMillis = nowMillis;
      this.debug = debug;
    }
  }

  private final Function<ProxyCacheConfig, CacheStore> stores;

  ProxyCacheHandler(Function<ProxyCacheConfig, CacheStore> stores) {
    this.stores = stores;
  }

  private static String stateKey(Phase ctx) {
    return "proxy-cache:" + ctx.pluginId();
  }

  /** What access looked up, kept while the store answers. */
  private record Lookup(String key, Map<String, String> reqCc, long nowMillis, boolean debug) {}

  /** The store failed: Kong logs it and lets the request through uncached. */
  private static final Object FAILED = new Object();
  private static final Object ABSENT = new Object();

  @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, ProxyCacheConfig c) {
    boolean debug = ctx.request().header("Kong-Debug") != null;
    Map<String, String> reqCc = c.cacheControl() ? CacheControl.parse(ctx.request().header("Cache-Control")) : Map.of();
    if (!c.requestMethod().contains(ctx.request().method())
        || reqCc.containsKey("no-store") || reqCc.containsKey("no-cache")) {
      ctx.shared().put(stateKey(ctx), new State("Bypass", "", ctx.nowMillis(), debug));
      return null;
    }
    String key = CacheKey.of(ctx, c);
    ctx.shared().put(stateKey(ctx), new Lookup(key, reqCc, ctx.nowMillis(), debug));
    return stores.apply(c).get(key).handle((hit, e) -> {
      if (e != null) {
        LOG.warn("proxy-cache: could not read {} from the {} strategy: {}", key, c.strategy(), e.toString());
        return FAILED;
      }
      return hit == null ? ABSENT : hit;
    });
  }

  void resume(AccessPhase ctx, ProxyCacheConfig c, @Nullable Object result) {
    if (!(ctx.shared().remove(stateKey(ctx)) instanceof Lookup l) || result == FAILED) {
      return;
    }
    String key = l.key();
    long now = l.nowMillis();
    if (!(result instanceof CachedResponse hit)) {
      if (l.reqCc().containsKey("only-if-cached")) {
        ctx.exit(504, null, Map.of());
        return;
      }
      ctx.shared().put(stateKey(ctx), new State("Miss", key, now, l.debug()));
      return;
    }
    if (hit.version() != CachedResponse.VERSION) {
      stores.apply(c).purge(key);
      ctx.shared().put(stateKey(ctx), new State("Bypass", key, now, l.debug()));
      return;
    }
    long age = Math.max(0, (now - hit.timestampMillis()) / 1000);
    if (!fresh(c, l.reqCc(), hit, age)) {
      ctx.shared().put(stateKey(ctx), new State("Refresh", key, now, l.debug()));
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>(hit.headers());
    if (c.responseHeaders().age() || l.debug()) {
      headers.put("Age", Long.toString(age));
    }
    if (c.responseHeaders().xCacheStatus() || l.debug()) {
      headers.put("X-Cache-Status", "Hit");
    }
    if (c.responseHeaders().xCacheKey() || l.debug()) {
      headers.put("X-Cache-Key", key);
    }
    ctx.shared().put("proxy_cache_hit", Map.of("cache_key", key, "status", hit.status()));
    ctx.exit(hit.status(), hit.body(), headers);
  }

  private static boolean fresh(ProxyCacheConfig c, Map<String, String> reqCc, CachedResponse hit, long age) {
    if (!c.cacheControl()) {
      return age < c.cacheTtl();
    }
    if (age >= hit.ttlSeconds() && !reqCc.containsKey("max-stale")) {
      return false;
    }
    long maxAge = CacheControl.seconds(reqCc, "max-age", -1);
    if (maxAge >= 0 && age > maxAge) {
      return false;
    }
    long maxStale = CacheControl.seconds(reqCc, "max-stale", -1);
    if (maxStale >= 0 && age - hit.ttlSeconds() > maxStale) {
      return false;
    }
    long minFresh = CacheControl.seconds(reqCc, "min-fresh", -1);
    return minFresh < 0 || hit.ttlSeconds() - age >= minFresh;
  }

  void headerFilter(HeaderPhase ctx, ProxyCacheConfig c) {
    if (!(ctx.shared().get(stateKey(ctx)) instanceof State s) || !ctx.fromUpstream()) {
      return; // access did not run for us (an earlier plugin answered) or this is our own Hit
    }
    ResponseHeaders h = ctx.responseHeaders();
    if (!s.status.equals("Bypass")) {
      long ttl = cacheableTtl(ctx, c, h, s.nowMillis);
      if (ttl > 0) {
        s.store = true;
        s.ttl = ttl;
        s.responseStatus = ctx.status();
        s.headers = snapshot(h);
      } else {
        s.status = "Bypass";
      }
    }
    if (c.responseHeaders().xCacheStatus() || s.debug) {
      h.set("X-Cache-Status", s.status);
    }
    if (!s.key.isEmpty() && (c.responseHeaders().xCacheKey() || s.debug)) {
      h.set("X-Cache-Key", s.key);
    }
  }

  /** The freshness lifetime to store the response with, or 0 when it is not cacheable. */
  private static long cacheableTtl(HeaderPhase ctx, ProxyCacheConfig c, ResponseHeaders h, long now) {
    if (!c.responseCode().contains(ctx.status())) {
      return 0;
    }
    List<String> types = h.getAll("Content-Type");
    if (types.size() != 1 || types.getFirst().isEmpty() || !ContentTypes.matches(types.getFirst(), c.contentType())) {
      return 0;
    }
    if (!c.cacheControl()) {
      return c.cacheTtl();
    }
    Map<String, String> cc = CacheControl.parse(String.join(",", h.getAll("Cache-Control")));
    if (cc.containsKey("private") || cc.containsKey("no-store") || cc.containsKey("no-cache")) {
      return 0;
    }
    return CacheControl.resourceTtl(cc, h.get("Expires"), now);
  }

  private static Map<String, String> snapshot(ResponseHeaders h) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : h.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!NOT_REPLAYED.contains(lower) && !lower.contains("ratelimit-remaining")
          && !lower.equals("x-cache-status") && !lower.equals("x-cache-key") && !lower.equals("age")) {
        out.put(name, String.join(", ", h.getAll(name)));
      }
    }
    return out;
  }

  boolean filtersBody(HeaderPhase ctx, ProxyCacheConfig c) {
    return ctx.shared().get(stateKey(ctx)) instanceof State s && s.store;
  }

  byte[] bodyFilter(BodyPhase ctx, ProxyCacheConfig c, byte[] chunk, boolean last) {
    if (ctx.shared().get(stateKey(ctx)) instanceof State s && s.store) {
      s.body.writeBytes(chunk);
      if (last) {
        s.store = false;
        long storage = c.storageTtl() != null ? c.storageTtl() : s.ttl;
        String key = s.key;
        stores.apply(c).put(key, new CachedResponse(s.responseStatus, s.headers, s.body.toByteArray(), s.nowMillis,
            s.ttl, CachedResponse.VERSION), storage).whenComplete((v, e) -> {
              if (e != null) {
                LOG.warn("proxy-cache: could not store {} with the {} strategy: {}", key, c.strategy(), e.toString());
              }
            });
      }
    }
    return chunk;
  }
}
