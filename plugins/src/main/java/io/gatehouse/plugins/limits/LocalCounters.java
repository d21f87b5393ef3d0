package io.gatehouse.plugins.limits;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code local} policy: counters in this process. Each counter is an {@link AtomicLong} in a
 * {@link ConcurrentHashMap}, so event loops never take a lock; an admission is a compare-and-set
 * per slot, rolled back when a later slot has no room. Counters expire with their window and are
 * swept at most once a second by whichever caller notices.
 */
public final class LocalCounters implements CounterStore {
  private static final long SWEEP_EVERY_MILLIS = 1_000;

  private record Cell(AtomicLong value, long expiresAtMillis) {}

  private final ConcurrentHashMap<String, Cell> cells = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final AtomicLong nextSweep = new AtomicLong();

  /** @param clock epoch millis; decides when counters expire */
  public LocalCounters(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<long[]> admit(Slot[] slots, long cost) {
    return CompletableFuture.completedFuture(admitNow(slots, cost));
  }

  /** {@link #admit} without the stage, for callers on the request path. */
  public long[] admitNow(Slot[] slots, long cost) {
    long now = clock.getAsLong();
    sweepIfDue(now);
    long[] usage = new long[slots.length];
    int acquired = 0;
    boolean full = false;
    for (int i = 0; i < slots.length; i++) {
      Slot s = slots[i];
      long previous = previous(s);
      AtomicLong current = cell(s, now).value;
      if (full) {
        usage[i] = s.usage(current.get(), previous);
        continue;
      }
      while (true) {
        long c = current.get();
        long u = s.usage(c, previous);
        usage[i] = u;
        if (u + cost > s.limit()) {
          full = true;
          break;
        }
        if (current.compareAndSet(c, c + cost)) {
          acquired = i + 1;
          break;
        }
      }
    }
    if (full) {
      for (int i = 0; i < acquired; i++) {
        cell(slots[i], now).value.addAndGet(-cost);
      }
    }
    return usage;
  }

  @Override
  public CompletionStage<long[]> usage(Slot[] slots) {
    return CompletableFuture.completedFuture(usageNow(slots));
  }

  public long[] usageNow(Slot[] slots) {
    long[] usage = new long[slots.length];
    for (int i = 0; i < slots.length; i++) {
      Cell c = cells.get(slots[i].key());
      usage[i] = slots[i].usage(c == null ? 0 : c.value.get(), previous(slots[i]));
    }
    return usage;
  }

  @Override
  public CompletionStage<Void> add(Slot[] slots, long[] deltas) {
    long now = clock.getAsLong();
    sweepIfDue(now);
    for (int i = 0; i < slots.length; i++) {
      cell(slots[i], now).value.addAndGet(deltas[i]);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Live counters (tests and metrics). */
  public int size() {
    return cells.size();
  }

  private long previous(Slot s) {
    String key = s.previousKey();
    if (key == null) {
      return 0;
    }
    @Nullable Cell c = cells.get(key);
    return c == null ? 0 : c.value.get();
  }

  private Cell cell(Slot s, long now) {
    Cell c = cells.get(s.key());
    return c != null ? c : cells.computeIfAbsent(s.key(),
        k -> new Cell(new AtomicLong(), now + s.ttlSeconds() * 1000));
  }

  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now < due || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_MILLIS)) {
      return;
    }
    cells.values().removeIf(c -> c.expiresAtMillis <= now);
  }
}
