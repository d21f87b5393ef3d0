package io.gatehouse.plugins.limits;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One limit at one moment, as a store sees it: the counter of the current fixed window and, for a
 * sliding window, the previous window's counter and its weight. The usage a store reports is
 * {@code floor(previous × previousWeight) + current}.
 *
 * @param key the current window's counter
 * @param previousKey the previous window's counter (sliding windows), or null
 * @param ttlSeconds how long the current counter must live
 */
public record Slot(String key, @Nullable String previousKey, double previousWeight, long limit, long ttlSeconds) {
  public Slot {
    Objects.requireNonNull(key, "key");
  }

  /** Usage from the two counter values. */
  public long usage(long current, long previous) {
    return previousKey == null ? current : (long) Math.floor(previous * previousWeight) + current;
  }
}
