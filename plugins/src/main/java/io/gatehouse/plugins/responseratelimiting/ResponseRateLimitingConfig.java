package io.gatehouse.plugins.responseratelimiting;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.LimitSet;
import java.util.Map;
import java.util.Objects;

/**
 * One response-ratelimiting instance, bound.
 *
 * @param limits per limit name (as configured, lower case), its periods
 * @param headerName the upstream response header carrying the increments
 */
public record ResponseRateLimitingConfig(
    Map<String, LimitSet> limits,
    String headerName,
    String limitBy,
    boolean faultTolerant,
    boolean blockOnFirstViolation,
    boolean hideClientHeaders,
    CounterStore store) {
  public ResponseRateLimitingConfig {
    limits = Map.copyOf(limits);
    Objects.requireNonNull(headerName, "headerName");
    Objects.requireNonNull(limitBy, "limitBy");
    Objects.requireNonNull(store, "store");
  }
}
