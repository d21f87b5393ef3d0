package io.gatehouse.plugins.responseratelimiting;

import io.gatehouse.plugins.limits.FaultTolerance;
import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.limits.LocalCounters;
import io.gatehouse.plugins.limits.Slot;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong's response-ratelimiting (reference plugins §14). access reads usage (blocking when
 * {@code block_on_first_violation} finds a spent limit) and tells the upstream what is left;
 * header_filter reads and removes the upstream's {@code X-Kong-Limit}, then writes the per-limit
 * headers, and turns the response into an empty {@code 429} when it spends a limit that was already
 * used up (not counted); log adds the increments.
 */
final class ResponseRateLimitingHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseRateLimitingHandler.class);
  private static final String STATE_KEY = "response-ratelimiting.state";

  /** One request's counters: the names, their slots flattened, the usage read in access. */
  private static final class State {
    final List<String> names = new ArrayList<>();
    final List<Slot[]> slots = new ArrayList<>();
    long @Nullable [] usage;
    @Nullable Map<String, Long> increments;

    Slot[] all() {
      return slots.stream().flatMap(java.util.Arrays::stream).toArray(Slot[]::new);
    }
  }

  private final LongSupplier clock;

  ResponseRateLimitingHandler(LongSupplier clock) {
    this.clock = clock;
  }

  @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, ResponseRateLimitingConfig config) {
    long now = clock.getAsLong();
    String id = identifier(ctx, config);
    State state = new State();
    config.limits().forEach((name, set) -> {
      state.names.add(name);
      state.slots.add(set.slots(id, now, ":" + name));
    });
    ctx.shared().put(STATE_KEY, state);
    if (config.store() instanceof LocalCounters local) {
      state.usage = local.usageNow(state.all());
      decide(ctx, config, state);
      return null;
    }
    return FaultTolerance.apply(config.store().usage(state.all()), config.faultTolerant(), "response-ratelimiting");
  }

  void resume(AccessPhase ctx, ResponseRateLimitingConfig config, @Nullable Object result) {
    if (result instanceof long[] usage && ctx.shared().get(STATE_KEY) instanceof State state) {
      state.usage = usage;
      decide(ctx, config, state);
    }
  }

  static String identifier(Phase ctx, ResponseRateLimitingConfig config) {
    String id = switch (config.limitBy()) {
      case "consumer" -> {
        Consumer consumer = ctx.consumer();
        yield consumer != null ? consumer.id() : id(ctx.credential());
      }
      case "credential" -> id(ctx.credential());
      default -> null;
    };
    return id != null ? id : ctx.request().forwardedIp();
  }

  private static @Nullable String id(@Nullable Credential credential) {
    return credential == null ? null : credential.id();
  }

  private static void decide(AccessPhase ctx, ResponseRateLimitingConfig config, State state) {
    long[] usage = state.usage;
    int k = 0;
    for (int n = 0; n < state.names.size(); n++) {
      long smallest = Long.MAX_VALUE;
      for (Slot s : state.slots.get(n)) {
        smallest = Math.min(smallest, s.limit() - usage[k++]);
      }
      ctx.upstream().setHeader("X-RateLimit-Remaining-" + state.names.get(n), Long.toString(smallest));
      if (config.blockOnFirstViolation() && smallest <= 0) {
        ctx.error(429, "API rate limit exceeded for '" + state.names.get(n) + "'", Map.of());
        return;
      }
    }
  }

  void headerFilter(HeaderPhase ctx, ResponseRateLimitingConfig config) {
    String raw = ctx.responseHeaders().get(config.headerName());
    ctx.responseHeaders().remove(config.headerName());
    if (!(ctx.shared().get(STATE_KEY) instanceof State state) || state.usage == null) {
      return;
    }
    Map<String, Long> increments = parse(raw);
    state.increments = increments;
    long[] usage = state.usage;
    boolean stop = false;
    int k = 0;
    for (int n = 0; n < state.names.size(); n++) {
      String name = state.names.get(n);
      long inc = increments.getOrDefault(name, 0L);
      LimitSet set = config.limits().get(name);
      for (int p = 0; p < state.slots.get(n).length; p++) {
        Limit limit = set.limits().get(p);
        long left = state.slots.get(n)[p].limit() - usage[k++];
        stop |= inc > 0 && left <= 0;
        if (!config.hideClientHeaders()) {
          String suffix = name + "-" + limit.window().period();
          ctx.responseHeaders().set("X-RateLimit-Limit-" + suffix, limit.text());
          ctx.responseHeaders().set("X-RateLimit-Remaining-" + suffix, Long.toString(Math.max(0, left - inc)));
        }
      }
    }
    if (stop) {
      // Kong: a response that spends a limit already used up becomes kong.response.exit(429) with
      // no body (Content-Length: 0), and the log phase does not count it (stop_log)
      state.increments = null;
      ctx.replaceResponse(429, null);
    }
  }

  /** {@code video=1, image=2} → {video:1, image:2}; malformed pairs are skipped. */
  static Map<String, Long> parse(@Nullable String header) {
    Map<String, Long> out = new HashMap<>();
    if (header == null) {
      return out;
    }
    for (String pair : header.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        out.merge(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), Long.parseLong(pair.substring(eq + 1).trim()), Long::sum);
      } catch (NumberFormatException e) {
        // Kong ignores what does not parse
      }
    }
    return out;
  }

  void log(LogPhase ctx, ResponseRateLimitingConfig config) {
    if (!(ctx.shared().get(STATE_KEY) instanceof State state) || state.increments == null || state.increments.isEmpty()) {
      return;
    }
    List<Slot> slots = new ArrayList<>();
    List<Long> deltas = new ArrayList<>();
    for (int n = 0; n < state.names.size(); n++) {
      Long inc = state.increments.get(state.names.get(n));
      if (inc != null && inc != 0) {
        for (Slot s : state.slots.get(n)) {
          slots.add(s);
          deltas.add(inc);
        }
      }
    }
    if (slots.isEmpty()) {
      return;
    }
    config.store().add(slots.toArray(Slot[]::new), deltas.stream().mapToLong(Long::longValue).toArray())
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.error("response-ratelimiting: failed to increment: {}", e.toString());
          }
        });
  }
}
