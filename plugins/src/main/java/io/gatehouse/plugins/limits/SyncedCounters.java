package io.gatehouse.plugins.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong's {@code sync_rate} for the redis policy: requests are decided locally against the last
 * value read from Redis plus this node's admissions since then; every {@code sync_rate} seconds the
 * local deltas are pushed with one atomic {@code INCRBY} script that also returns the global values.
 * A counter this node has not seen yet is read from Redis once before its first decision.
 *
 * <p>Over-admission bound: a node learns of the other nodes' admissions at most one sync interval
 * (plus a round trip) late, so across {@code K} nodes a window can admit up to
 * {@code limit + (K − 1) × (admissions per node per sync interval)} requests, and never more than
 * {@code K × limit}.
 */
public final class SyncedCounters implements CounterStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncedCounters.class);

  private static final class Shared {
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gatehouse-ratelimit-sync");
      t.setDaemon(true);
      return t;
    });
  }

  private static final class Entry {
    final AtomicLong synced = new AtomicLong();
    final AtomicLong pending = new AtomicLong();
    final long ttlSeconds;
    final long expiresAtMillis;

    Entry(long synced, long ttlSeconds, long expiresAtMillis) {
      this.synced.set(synced);
      this.ttlSeconds = ttlSeconds;
      this.expiresAtMillis = expiresAtMillis;
    }

    long value() {
      return synced.get() + pending.get();
    }
  }

  private final RedisCounters redis;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicBoolean syncing = new AtomicBoolean();
  private final ScheduledFuture<?> task;

  /** @param syncRateMillis how often deltas are pushed and values refreshed */
  public SyncedCounters(RedisCounters redis, long syncRateMillis, LongSupplier clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.task = Shared.TIMER.scheduleWithFixedDelay(this::sync, syncRateMillis, syncRateMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<long[]> admit(Slot[] slots, long cost) {
    return known(slots).thenApply(v -> admitLocally(slots, cost));
  }

  @Override
  public CompletionStage<long[]> usage(Slot[] slots) {
    return known(slots).thenApply(v -> {
      long[] usage = new long[slots.length];
      for (int i = 0; i < slots.length; i++) {
        usage[i] = slots[i].usage(value(slots[i].key()), value(slots[i].previousKey()));
      }
      return usage;
    });
  }

  @Override
  public CompletionStage<Void> add(Slot[] slots, long[] deltas) {
    return known(slots).thenApply(v -> {
      for (int i = 0; i < slots.length; i++) {
        Objects.requireNonNull(entries.get(slots[i].key())).pending.addAndGet(deltas[i]);
      }
      return null;
    });
  }

  private long[] admitLocally(Slot[] slots, long cost) {
    long[] usage = new long[slots.length];
    int acquired = 0;
    boolean full = false;
    for (int i = 0; i < slots.length; i++) {
      Slot s = slots[i];
      Entry e = Objects.requireNonNull(entries.get(s.key()));
      long previous = value(s.previousKey());
      while (true) {
        long p = e.pending.get();
        long u = s.usage(e.synced.get() + p, previous);
        usage[i] = u;
        if (full || u + cost > s.limit()) {
          full = true;
          break;
        }
        if (e.pending.compareAndSet(p, p + cost)) {
          acquired = i + 1;
          break;
        }
      }
    }
    if (full) {
      for (int i = 0; i < acquired; i++) {
        Objects.requireNonNull(entries.get(slots[i].key())).pending.addAndGet(-cost);
      }
    }
    return usage;
  }

  private long value(@Nullable String key) {
    if (key == null) {
      return 0;
    }
    Entry e = entries.get(key);
    return e == null ? 0 : e.value();
  }

  /** Completes once every counter of the slots has a local entry, reading unseen ones from Redis. */
  private CompletionStage<?> known(Slot[] slots) {
    List<String> missing = null;
    List<Long> ttls = null;
    for (Slot s : slots) {
      for (String key : new String[] {s.key(), s.previousKey()}) {
        if (key != null && !entries.containsKey(key)) {
          if (missing == null) {
            missing = new ArrayList<>();
            ttls = new ArrayList<>();
          }
          missing.add(key);
          ttls.add(s.ttlSeconds());
        }
      }
    }
    if (missing == null) {
      return CompletableFuture.completedFuture(null);
    }
    String[] keys = missing.toArray(String[]::new);
    List<Long> ttl = Objects.requireNonNull(ttls);
    return redis.get(keys).thenAccept(values -> {
      long now = clock.getAsLong();
      for (int i = 0; i < keys.length; i++) {
        long t = ttl.get(i);
        entries.putIfAbsent(keys[i], new Entry(values[i], t, now + t * 1000));
      }
    });
  }

  /** Pushes local deltas and refreshes every live counter; one sync at a time. */
  void sync() {
    if (!syncing.compareAndSet(false, true)) {
      return;
    }
    try {
      long now = clock.getAsLong();
      entries.entrySet().removeIf(e -> e.getValue().expiresAtMillis <= now && e.getValue().pending.get() == 0);
      if (entries.isEmpty()) {
        syncing.set(false);
        return;
      }
      List<Map.Entry<String, Entry>> live = new ArrayList<>(entries.entrySet());
      String[] keys = new String[live.size()];
      long[] deltas = new long[keys.length];
      long[] ttls = new long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = live.get(i).getKey();
        deltas[i] = live.get(i).getValue().pending.get();
        ttls[i] = live.get(i).getValue().ttlSeconds;
      }
      redis.addAndGet(keys, deltas, ttls).whenComplete((values, err) -> {
        try {
          if (err != null) {
            LOG.warn("rate-limiting: redis sync failed, keeping {} local counters: {}", keys.length, err.toString());
            return;
          }
          for (int i = 0; i < keys.length; i++) {
            Entry e = live.get(i).getValue();
            // the pushed delta is now part of the global value
            e.synced.set(values[i]);
            e.pending.addAndGet(-deltas[i]);
          }
        } finally {
          syncing.set(false);
        }
      });
    } catch (RuntimeException e) {
      syncing.set(false);
      LOG.warn("rate-limiting: redis sync failed", e);
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
