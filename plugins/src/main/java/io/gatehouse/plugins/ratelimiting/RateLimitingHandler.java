package io.gatehouse.plugins.ratelimiting;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.FaultTolerance;
import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.limits.LocalCounters;
import io.gatehouse.plugins.limits.Slot;
import io.gatehouse.plugins.limits.Window;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Service;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Phase;
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
final class RateLimitingHandler {
  private static final String HEADERS_KEY = "rate-limiting.headers";

  private record Counted(Slot[] slots, long[] usage, long nowMillis) {}

  private final LongSupplier clock;

  /**
   * The fixed-window slots last built, reused while the identifier and the windows stay the same
   * (the counter keys then are the same strings, with their hashes cached). Immutable once
   * published; a race only builds the slots again.
   */
  private record Keys(LimitSet set, String identifier, long from, long until, Slot[] slots) {}

  private volatile @Nullable Keys last;

  RateLimitingHandler(LongSupplier clock) {
    this.clock = clock;
  }

  @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, RateLimitingConfig config) {
    long now = clock.getAsLong();
    Slot[] slots = slots(config.limits(), identifier(ctx, config), now);
    CounterStore store = config.store();
    if (store instanceof LocalCounters local) {
      decide(ctx, config, slots, local.admitNow(slots, 1), now);
      return null;
    }
    return FaultTolerance.apply(store.admit(slots, 1), config.faultTolerant(), "rate-limiting")
        .thenApply(usage -> usage == null ? null : new Counted(slots, usage, now));
  }

  void resume(AccessPhase ctx, RateLimitingConfig config, @Nullable Object result) {
    if (result instanceof Counted c) {
      decide(ctx, config, c.slots, c.usage, c.nowMillis);
    }
  }

  private Slot[] slots(LimitSet set, String identifier, long now) {
    if (set.sliding()) {
      return set.slots(identifier, now, ""); // the weights change every millisecond
    }
    Keys k = last;
    if (k != null && k.set == set && now >= k.from && now < k.until && k.identifier.equals(identifier)) {
      return k.slots;
    }
    long from = Long.MIN_VALUE;
    long until = Long.MAX_VALUE;
    for (Limit l : set.limits()) {
      from = Math.max(from, l.window().start(now));
      until = Math.min(until, l.window().nextStart(now));
    }
    Slot[] slots = set.slots(identifier, now, "");
    last = new Keys(set, identifier, from, until, slots);
    return slots;
  }

  /** Kong's identifier for {@code limit_by}, falling back to the forwarded client IP. */
  static String identifier(Phase ctx, RateLimitingConfig config) {
    String id = switch (config.limitBy()) {
      case "service" -> id(ctx.service());
      case "header" -> config.headerName() == null ? null : ctx.request().header(config.headerName());
      case "path" -> ctx.request().path().equals(config.path()) ? config.path() : null;
      case "credential" -> id(ctx.credential());
      case "consumer" -> {
        Consumer consumer = ctx.consumer();
        yield consumer != null ? consumer.id() : id(ctx.credential());
      }
      default -> null;
    };
    return id != null ? id : ctx.request().forwardedIp();
  }

  private static @Nullable String id(@Nullable Service service) {
    return service == null ? null : service.id();
  }

  static @Nullable String id(@Nullable Credential credential) {
    return credential == null ? null : credential.id();
  }

  private static void decide(AccessPhase ctx, RateLimitingConfig config, Slot[] slots, long[] usage, long now) {
    int stop = -1;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i].limit() - usage[i] <= 0) {
        stop = i;
      }
    }
    String[] headers = config.hideClientHeaders() ? NO_HEADERS : headers(config, slots, usage, stop, now);
    if (stop >= 0) {
      Map<String, String> map = new LinkedHashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        map.put(headers[i], headers[i + 1]);
      }
      ctx.error(config.errorCode(), config.errorMessage(), map);
      return;
    }
    if (headers.length > 0) {
      ctx.shared().put(HEADERS_KEY, new Headers(headers));
    }
  }

  private static final String[] NO_HEADERS = {};

  /** The response headers, name and value alternating, in the order they are sent. */
  private record Headers(String[] namesAndValues) {}

  private static String limitHeader(Window w) {
    return w == Window.SECOND ? "X-RateLimit-Limit-Second" : w == Window.MINUTE ? "X-RateLimit-Limit-Minute"
        : w == Window.HOUR ? "X-RateLimit-Limit-Hour" : w == Window.DAY ? "X-RateLimit-Limit-Day"
        : w == Window.MONTH ? "X-RateLimit-Limit-Month" : w == Window.YEAR ? "X-RateLimit-Limit-Year"
        : "X-RateLimit-Limit-" + w.header();
  }

  private static String remainingHeader(Window w) {
    return w == Window.SECOND ? "X-RateLimit-Remaining-Second" : w == Window.MINUTE ? "X-RateLimit-Remaining-Minute"
        : w == Window.HOUR ? "X-RateLimit-Remaining-Hour" : w == Window.DAY ? "X-RateLimit-Remaining-Day"
        : w == Window.MONTH ? "X-RateLimit-Remaining-Month" : w == Window.YEAR ? "X-RateLimit-Remaining-Year"
        : "X-RateLimit-Remaining-" + w.header();
  }

  private static String[] headers(RateLimitingConfig config, Slot[] slots, long[] usage, int stop, long now) {
    String[] headers = new String[slots.length * 4 + (stop >= 0 ? 8 : 6)];
    int n = 0;
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
      headers[n++] = limitHeader(limit.window());
      headers[n++] = limit.text();
      headers[n++] = remainingHeader(limit.window());
      headers[n++] = Long.toString(remaining);
    }
    if (best != null) {
      String reset = Long.toString(best.window().resetSeconds(now));
      headers[n++] = "RateLimit-Limit";
      headers[n++] = best.text();
      headers[n++] = "RateLimit-Remaining";
      headers[n++] = Long.toString(bestRemaining);
      headers[n++] = "RateLimit-Reset";
      headers[n++] = reset;
      if (stop >= 0) {
        headers[n++] = "Retry-After";
        headers[n++] = reset;
      }
    }
    return n == headers.length ? headers : java.util.Arrays.copyOf(headers, n);
  }

  void headerFilter(HeaderPhase ctx, RateLimitingConfig config) {
    if (ctx.shared().get(HEADERS_KEY) instanceof Headers headers) {
      String[] h = headers.namesAndValues();
      for (int i = 0; i < h.length; i += 2) {
        ctx.responseHeaders().set(h[i], h[i + 1]);
      }
    }
  }
}
