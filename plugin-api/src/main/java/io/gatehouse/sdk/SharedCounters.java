package io.gatehouse.sdk;

import java.util.concurrent.CompletionStage;

/**
 * Counters every node of a cluster shares, kept in the configured database (rate-limiting's
 * {@code policy = cluster}); offered by {@link NodeServices#sharedCounters()}. Stages complete off
 * the event loop; a stage fails when the database does.
 */
public interface SharedCounters {

  /**
   * Atomically reads every counter and, when each has room ({@code value + cost <= limits[i]}),
   * adds {@code cost} to all of them; otherwise adds nothing. A cost of 0 only reads.
   *
   * @param keys counter names; a plugin prefixes them with its own name
   * @param expiresAtMillis epoch millis per counter after which it counts as 0 and is removed
   * @return the values before the addition, one per key
   */
  CompletionStage<long[]> admit(String[] keys, long[] limits, long cost, long[] expiresAtMillis);

  /** Adds each delta unconditionally; returns the values before the addition. */
  CompletionStage<long[]> add(String[] keys, long[] deltas, long[] expiresAtMillis);
}
