package io.gatehouse.plugins.limits;

import io.gatehouse.sdk.SharedCounters;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong's {@code cluster} policy: counters in the configured database through the runtime's
 * {@link SharedCounters}, exact across nodes (each admission is one database transaction). Fixed
 * windows only (the schema refuses sliding windows with this policy). A node without a database
 * (DB-less) has no shared counters: the calls fail, and {@code fault_tolerant} decides.
 */
public final class ClusterCounters implements CounterStore {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCounters.class);

  private final LongSupplier clock;
  private volatile @Nullable SharedCounters shared;

  ClusterCounters(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The node's shared counters, or null when it has none. */
  void use(@Nullable SharedCounters counters) {
    this.shared = counters;
    if (counters == null) {
      LOG.debug("no shared counters on this node: the cluster policy fails its calls (fault_tolerant decides)");
    }
  }

  @Override
  public CompletionStage<long[]> admit(Slot[] slots, long cost) {
    SharedCounters s = shared;
    if (s == null) {
      return unavailable();
    }
    long[] limits = new long[slots.length];
    for (int i = 0; i < slots.length; i++) {
      limits[i] = slots[i].limit();
    }
    return s.admit(keys(slots), limits, cost, expiries(slots));
  }

  @Override
  public CompletionStage<long[]> usage(Slot[] slots) {
    SharedCounters s = shared;
    if (s == null) {
      return unavailable();
    }
    return s.add(keys(slots), new long[slots.length], expiries(slots));
  }

  @Override
  public CompletionStage<Void> add(Slot[] slots, long[] deltas) {
    SharedCounters s = shared;
    if (s == null) {
      return unavailable();
    }
    return s.add(keys(slots), deltas, expiries(slots)).thenApply(v -> null);
  }

  private static String[] keys(Slot[] slots) {
    String[] keys = new String[slots.length];
    for (int i = 0; i < slots.length; i++) {
      keys[i] = slots[i].key();
    }
    return keys;
  }

  private long[] expiries(Slot[] slots) {
    long now = clock.getAsLong();
    long[] at = new long[slots.length];
    for (int i = 0; i < slots.length; i++) {
      at[i] = now + slots[i].ttlSeconds() * 1000;
    }
    return at;
  }

  private static <T> CompletionStage<T> unavailable() {
    return CompletableFuture.failedFuture(new IllegalStateException(
        "policy cluster needs a database; this node has none (database = off)"));
  }
}
