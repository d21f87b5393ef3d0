package io.gatehouse.plugins.circuitbreaker;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.AdminEndpoint.Reply;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * circuit-breaker (priority 95: after authentication, rate limiting and proxy-cache, so refused and
 * cached requests never reach the breaker). Access asks the breaker for a permit and, when it is
 * open, answers at once or sends the request to the fallback origin; the header filter records the call: a failure when its status is one of
 * {@code failure_status_codes}, else a success (slow when it took longer than the threshold); a
 * request another plugin answered with another status gives its permit back.
 */
@PluginInfo(name = "circuit-breaker", priority = 95, version = "1.0.0", forbiddenScopes = Scope.CONSUMER)
public final class CircuitBreakerPlugin implements PreparedPlugin<BreakerConfig, Breakers.Breaker> {
  /** Shared by all failures: recorded as the call's error, never thrown. */
  private static final Exception FAILED = new FailureStatus();

  private static final class FailureStatus extends Exception {
    FailureStatus() {
      super("failure status", null, false, false);
    }
  }

  private final Clock clock;
  private final Breakers breakers;

  public CircuitBreakerPlugin() {
    this(Clock.systemUTC());
  }

  /** With a clock of the caller's (tests move time instead of sleeping). */
  public CircuitBreakerPlugin(Clock clock) {
    this.clock = clock;
    this.breakers = new Breakers(clock);
  }

  /** Marks a request the open breaker sent to the fallback: not a call the breaker counts. */
  private static final Object FALLBACK = new Object();

  /** One call through the breaker, kept in the request's shared state under the instance's key. */
  private static final class Call {
    final long startMillis;
    boolean recorded;

    Call(long startMillis) {
      this.startMillis = startMillis;
    }
  }

  /** {@code strategy: redis} needs {@code redis.host}, as Kong's plugins with a redis policy; a fallback is http(s). */
  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != BreakerConfig.class) return EntityChecks.NONE;
    return EntityChecks.NONE.reporting(List.of("strategy", "redis"), (c, report) -> {
      boolean host = c.get("redis") instanceof Map<?, ?> r && r.get("host") instanceof String;
      if ("redis".equals(c.get("strategy")) && !host) {
        report.entity("failed conditional validation given value of field 'strategy'");
        report.field("redis", "host: required field missing");
      }
    }).custom(List.of("config.fallback_url"), c -> c.get("config.fallback_url") instanceof String url
        && !url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)
        ? "fallback_url scheme must be http or https" : null);
  }

  @Override
  public Breakers.Breaker prepare(BreakerConfig config, Instance instance) {
    return breakers.of(instance, config);
  }

  @Override
  public void access(AccessPhase ctx, Breakers.Breaker b) {
    if (b.shared != null && b.breaker.getState() == CircuitBreaker.State.CLOSED) b.shared.check(b.breaker, clock.millis());
    if (b.breaker.tryAcquirePermission()) {
      ctx.shared().put(key(ctx.pluginId()), new Call(clock.millis()));
    } else if (b.fallback != null) {
      ctx.upstream().setTarget(b.fallback.scheme(), b.fallback.host(), b.fallback.port());
      ctx.shared().put(key(ctx.pluginId()), FALLBACK);
    } else {
      answerOpen(ctx, b);
    }
  }

  /** The configured open answer, with {@code Retry-After}: the seconds left until trial calls are let through. */
  private void answerOpen(AccessPhase ctx, Breakers.Breaker b) {
    BreakerConfig c = b.config;
    Map<String, String> headers = new LinkedHashMap<>();
    long waitMillis = Math.round(c.waitDurationInOpenState() * 1000);
    long left = Math.max(0, b.openedAtMillis + waitMillis - clock.millis());
    headers.put("Retry-After", Long.toString(Math.max(1, (left + 999) / 1000)));
    if (c.openHeaders() != null) headers.putAll(c.openHeaders());
    if (c.openBody() != null) {
      if (c.openContentType() != null) headers.put("Content-Type", c.openContentType());
      ctx.exit(c.openStatusCode(), c.openBody(), headers);
    } else {
      ctx.exit(c.openStatusCode(), c.openMessage() == null ? null : Map.of("message", c.openMessage()), headers);
    }
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Breakers.Breaker b) {
    Object state = ctx.shared().get(key(ctx.pluginId()));
    if (state == FALLBACK) {
      if (b.config.openHeaders() != null) b.config.openHeaders().forEach(ctx.responseHeaders()::set);
      return;
    }
    if (!(state instanceof Call call) || call.recorded) return;
    call.recorded = true;
    long took = Math.max(0, clock.millis() - call.startMillis);
    if (b.failureStatuses.contains(ctx.status())) {
      b.breaker.onError(took, TimeUnit.MILLISECONDS, FAILED);
    } else if (ctx.fromUpstream()) {
      b.breaker.onSuccess(took, TimeUnit.MILLISECONDS);
    } else {
      b.breaker.releasePermission(); // another plugin answered: says nothing about the upstream
    }
  }

  /** A request that ended without a response (the client went away) gives its permit back. */
  @Override
  public void log(LogPhase ctx, Breakers.Breaker b) {
    if (ctx.shared().get(key(ctx.pluginId())) instanceof Call call && !call.recorded) {
      call.recorded = true;
      b.breaker.releasePermission();
    }
  }

  @Override
  public List<AdminEndpoint> adminEndpoints() {
    return List.of(
        new AdminEndpoint("GET", "/circuit-breakers", p -> new Reply(200, Map.of("data", breakers.views()))),
        new AdminEndpoint("GET", "/circuit-breakers/{plugin_id}", p -> {
          Breakers.Breaker b = breakers.find(p.get("plugin_id"));
          return b == null ? new Reply(404, Map.of("message", "Not found")) : new Reply(200, b.view());
        }),
        new AdminEndpoint("POST", "/circuit-breakers/{plugin_id}/reset", p -> {
          Breakers.Breaker b = breakers.find(p.get("plugin_id"));
          if (b == null) return new Reply(404, Map.of("message", "Not found"));
          b.breaker.reset();
          return new Reply(200, b.view());
        }));
  }

  private static String key(String pluginId) {
    return "circuit-breaker:" + pluginId;
  }
}
