package io.gatehouse.plugins.circuitbreaker;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.gatehouse.sdk.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's breakers, one per plugin instance. A new snapshot keeps an instance's breaker (and its
 * state) while the instance's config is unchanged; a changed config starts a fresh, closed one.
 */
final class Breakers {
  private static final Logger log = LoggerFactory.getLogger(Breakers.class);
  private static final int TRANSITIONS_KEPT = 20;

  /** One instance's breaker, what it guards and its latest state changes. */
  static final class Breaker {
    final Instance instance;
    final BreakerConfig config;
    final CircuitBreaker breaker;
    final Set<Integer> failureStatuses;
    final @Nullable SharedState shared;
    final @Nullable Fallback fallback;
    private final Deque<Map<String, Object>> transitions = new ArrayDeque<>();
    /** When the breaker last opened (epoch millis), for {@code Retry-After}. */
    volatile long openedAtMillis;

    Breaker(Instance instance, BreakerConfig config, CircuitBreaker breaker, @Nullable SharedState shared) {
      this.instance = instance;
      this.config = config;
      this.breaker = breaker;
      this.failureStatuses = Set.copyOf(config.failureStatusCodes());
      this.shared = shared;
      this.fallback = config.fallbackUrl() == null ? null : Fallback.of(config.fallbackUrl());
    }

    synchronized void transition(String from, String to, Instant at) {
      if (to.equals("open") || to.equals("forced_open")) openedAtMillis = at.toEpochMilli();
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("from", from);
      t.put("to", to);
      t.put("at", at.toString());
      transitions.addFirst(t);
      if (transitions.size() > TRANSITIONS_KEPT) transitions.removeLast();
    }

    /** The Admin API's view: state, rates and counts of the current window, latest transitions first. */
    synchronized Map<String, Object> view() {
      CircuitBreaker.Metrics m = breaker.getMetrics();
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("plugin_id", instance.pluginId());
      v.put("route_id", instance.routeId());
      v.put("service_id", instance.serviceId());
      v.put("strategy", config.strategy());
      v.put("state", breaker.getState().name().toLowerCase(java.util.Locale.ROOT));
      v.put("failure_rate", m.getFailureRate());
      v.put("slow_call_rate", m.getSlowCallRate());
      v.put("buffered_calls", m.getNumberOfBufferedCalls());
      v.put("failed_calls", m.getNumberOfFailedCalls());
      v.put("slow_calls", m.getNumberOfSlowCalls());
      v.put("not_permitted_calls", m.getNumberOfNotPermittedCalls());
      v.put("transitions", new ArrayList<>(transitions));
      return v;
    }
  }

  private final Clock clock;
  /**
   * By plugin id. Values are weak: the served snapshot holds its instances' breakers, so the breaker
   * of a deleted instance goes once no snapshot uses it (and leaves the Admin API's list).
   */
  private final Map<String, Breaker> byPlugin = Caffeine.newBuilder().weakValues().<String, Breaker>build().asMap();

  Breakers(Clock clock) {
    this.clock = clock;
  }

  Breaker of(Instance instance, BreakerConfig config) {
    return byPlugin.compute(instance.pluginId(), (id, old) ->
        old != null && old.config.equals(config) && old.instance.equals(instance) ? old : create(instance, config));
  }

  @Nullable Breaker find(String pluginId) {
    return byPlugin.get(pluginId);
  }

  List<Map<String, Object>> views() {
    return byPlugin.values().stream().map(Breaker::view).toList();
  }

  private Breaker create(Instance instance, BreakerConfig c) {
    CircuitBreakerConfig.SlidingWindowType window = c.slidingWindowType().equals("time")
        ? CircuitBreakerConfig.SlidingWindowType.TIME_BASED : CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
    CircuitBreakerConfig settings = CircuitBreakerConfig.custom()
        .failureRateThreshold((float) c.failureRateThreshold())
        .slowCallRateThreshold((float) c.slowCallRateThreshold())
        .slowCallDurationThreshold(Duration.ofMillis(c.slowCallDurationThreshold()))
        .slidingWindow(c.slidingWindowSize(), c.minimumNumberOfCalls(), window)
        .waitDurationInOpenState(Duration.ofMillis(Math.max(1, Math.round(c.waitDurationInOpenState() * 1000))))
        .permittedNumberOfCallsInHalfOpenState(c.permittedNumberOfCallsInHalfOpenState())
        .automaticTransitionFromOpenToHalfOpenEnabled(false) // the next request after the wait tries; no timer thread
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build();
    CircuitBreaker cb = CircuitBreaker.of("circuit-breaker " + instance.pluginId(), settings);
    long waitMillis = Math.max(1, Math.round(c.waitDurationInOpenState() * 1000));
    SharedState shared = c.strategy().equals("redis") && c.redis() != null
        ? new SharedState(c.redis().settings(), instance.pluginId(), waitMillis) : null;
    Breaker b = new Breaker(instance, c, cb, shared);
    cb.getEventPublisher().onStateTransition(e -> {
      String from = e.getStateTransition().getFromState().name().toLowerCase(java.util.Locale.ROOT);
      String to = e.getStateTransition().getToState().name().toLowerCase(java.util.Locale.ROOT);
      log.warn("circuit-breaker {} (route {}, service {}): {} -> {}", instance.pluginId(), instance.routeId(),
          instance.serviceId(), from, to);
      b.transition(from, to, clock.instant());
      if (shared != null) shared.transitioned(e.getStateTransition().getToState(), clock.millis());
    });
    return b;
  }
}
