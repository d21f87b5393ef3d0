package io.gatehouse.plugins.limits;

import java.util.concurrent.CompletionStage;

/**
 * Where counters live (Kong's {@code policy}). Stages may complete on any thread; a store that
 * talks to a server bounds every call by its timeout and fails the stage instead of waiting longer.
 */
public interface CounterStore {

  /**
   * Atomically: reads every slot's usage and, when each one still has room for {@code cost}
   * ({@code usage + cost <= limit}), adds {@code cost} to every current counter; otherwise adds
   * nothing. Returns the usages read (before the addition), one per slot, so the caller can tell
   * which limit stopped the request.
   */
  CompletionStage<long[]> admit(Slot[] slots, long cost);

  /** The usage of every slot, adding nothing. */
  CompletionStage<long[]> usage(Slot[] slots);

  /** Adds a delta to each current counter, unconditionally. */
  CompletionStage<Void> add(Slot[] slots, long[] deltas);

  /** Decides on usages the way {@link #admit} does. */
  static boolean fits(Slot[] slots, long[] usage, long cost) {
    for (int i = 0; i < slots.length; i++) {
      if (usage[i] + cost > slots[i].limit()) {
        return false;
      }
    }
    return true;
  }
}
