package io.gatehouse.plugins.ratelimiting;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.LimitSet;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rate-limiting instance, bound: its limits and keys, the store its {@code policy} chose, and
 * what to answer.
 *
 * @param limitBy {@code consumer}, {@code credential}, {@code ip}, {@code service}, {@code header} or {@code path}
 */
public record RateLimitingConfig(
    LimitSet limits,
    String limitBy,
    @Nullable String headerName,
    @Nullable String path,
    boolean faultTolerant,
    boolean hideClientHeaders,
    int errorCode,
    String errorMessage,
    CounterStore store) {
  public RateLimitingConfig {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(limitBy, "limitBy");
    Objects.requireNonNull(store, "store");
  }
}
