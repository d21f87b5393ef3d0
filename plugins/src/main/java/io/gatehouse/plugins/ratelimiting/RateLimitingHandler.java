package io.gatehouse.plugins.ratelimiting;

import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.AsyncAccess;
import io.gatehouse.plugin.HeaderFilter;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.PhaseContext;
import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.FaultTolerance;
import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LocalCounters;
import io.gatehouse.plugins.limits.Slot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Kong's rate-limiting access phase (reference plugins §13): one atomic admission against every
 * limit, then the {@code X-RateLimit-*}, {@code RateLimit-*} and {@code Retry-After} headers. The
 * local store answers inline; Redis answers asynchronously and the request resumes on its loop. A
 * store failure lets the request through without headers ({@code fault_tolerant}) or answers 500.
 */
final class RateLimitingHandler implements AsyncAccess<RateLimitingConfig>, HeaderFilter<RateLimitingConfig> {
  private static final String HEADERS_KEY = "rate-limiting.headers";

  private record Counted(Slot[] slots, long[] usage, long nowMillis) {}

  private final LongSupplier clock;

  RateLimitingHandler(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessContext ctx, RateLimitingConfig config) {
    long now = clock.getAsLong();
    Slot[] slots = config.limits().slots(identifier(ctx, config), now, "");
    CounterStore store = config.store();
    if (store instanceof LocalCounters local) {
      decide(ctx, config, slots, local.admitNow(slots, 1), now);
      return null;
    }
    return FaultTolerance.apply(store.admit(slots, 1), config.faultTolerant(), "rate-limiting")
        .thenApply(usage -> usage == null ? null : new Counted(slots, usage, now));
  }

  @Override
  public void resume(AccessContext ctx, RateLimitingConfig config, @Nullable Object result) {
    if (result instanceof Counted c) {
      decide(ctx, config, c.slots, c.usage, c.nowMillis);
    }
  }

  /** Kong's identifier for {@code limit_by}, falling back to the forwarded client IP. */
  static String identifier(PhaseContext ctx, RateLimitingConfig config) {
    String id = switch (config.limitBy()) {
      case "service" -> ctx.service() == null ? null : ctx.service().id();
      case "header" -> config.headerName() == null ? null : ctx.request().header(config.headerName());
      case "path" -> ctx.request().path().equals(config.path()) ? config.path() : null;
      case "credential" -> ctx.credential() == null ? null : ctx.credential().id();
      case "consumer" -> ctx.consumer() != null ? ctx.consumer().id()
          : ctx.credential() == null ? null : ctx.credential().id();
      default -> null;
    };
    return id != null ? id : ctx.request().forwardedIp();
  }

  private static void decide(AccessContext ctx, RateLimitingConfig config, Slot[] slots, long[] usage, long now) {
    int stop = -1;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i].limit() - usage[i] <= 0) {
        stop = i;
      }
    }
    Map<String, String> headers = config.hideClientHeaders() ? Map.of() : headers(config, slots, usage, stop, now);
    if (stop >= 0) {
      ctx.error(config.errorCode(), config.errorMessage(), headers);
      return;
    }
    if (!headers.isEmpty()) {
      ctx.shared().put(HEADERS_KEY, headers);
    }
  }

  private static Map<String, String> headers(RateLimitingConfig config, Slot[] slots, long[] usage, int stop, long now) {
    Map<String, String> headers = new LinkedHashMap<>();
    long bestRemaining = Long.MAX_VALUE;
    Limit best = null;
    for (int i = 0; i < slots.length; i++) {
      Limit limit = config.limits().limits().get(i);
      long remaining = slots[i].limit() - usage[i];
      if (stop < 0 || stop == i) {
        remaining--;
      }
      remaining = Math.max(0, remaining);
      // the most restrictive: least remaining, ties to the longer window
      if (best == null || remaining < bestRemaining
          || remaining == bestRemaining && limit.window().seconds() > best.window().seconds()) {
        best = limit;
        bestRemaining = remaining;
      }
      headers.put("X-RateLimit-Limit-" + limit.window().header(), limit.text());
      headers.put("X-RateLimit-Remaining-" + limit.window().header(), Long.toString(remaining));
    }
    if (best != null) {
      String reset = Long.toString(best.window().resetSeconds(now));
      headers.put("RateLimit-Limit", best.text());
      headers.put("RateLimit-Remaining", Long.toString(bestRemaining));
      headers.put("RateLimit-Reset", reset);
      if (stop >= 0) {
        headers.put("Retry-After", reset);
      }
    }
    return headers;
  }

  @Override
  public void headerFilter(HeaderFilterContext ctx, RateLimitingConfig config) {
    if (ctx.shared().get(HEADERS_KEY) instanceof Map<?, ?> headers) {
      headers.forEach((k, v) -> ctx.responseHeaders().set((String) k, (String) v));
    }
  }
}
