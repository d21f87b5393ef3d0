package io.gatehouse.plugins.limits;

import io.gatehouse.plugins.redis.RedisSettings;
import io.gatehouse.sdk.NodeServices;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The counter stores of one plugin on one node, kept across configuration snapshots so counters
 * and Redis connections survive config changes: one {@link LocalCounters}, one {@link ClusterCounters}, one
 * {@link RedisCounters} per distinct {@code redis} record, one {@link SyncedCounters} per record
 * and {@code sync_rate}.
 */
public final class CounterStores {
  private record SyncKey(RedisSettings settings, long syncRateMillis) {}

  private final LongSupplier clock;
  private final LocalCounters local;
  private final ClusterCounters cluster;
  private final Map<RedisSettings, RedisCounters> redis = new ConcurrentHashMap<>();
  private final Map<SyncKey, SyncedCounters> synced = new ConcurrentHashMap<>();

  public CounterStores(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.local = new LocalCounters(clock);
    this.cluster = new ClusterCounters(clock);
  }

  /** Gives the cluster policy the node's shared counters (none: its calls fail). */
  public void useShared(NodeServices services) {
    cluster.use(services.sharedCounters().orElse(null));
  }

  /** Kong's {@code cluster} policy. */
  public CounterStore cluster() {
    return cluster;
  }

  public LongSupplier clock() {
    return clock;
  }

  public LocalCounters local() {
    return local;
  }

  public RedisCounters redis(RedisSettings settings) {
    return redis.computeIfAbsent(settings, RedisCounters::new);
  }

  /** Redis with {@code sync_rate} batching; a rate ≤ 0 means realtime ({@link #redis}). */
  public CounterStore redis(RedisSettings settings, double syncRateSeconds) {
    if (syncRateSeconds <= 0) {
      return redis(settings);
    }
    long millis = Math.max(20, Math.round(syncRateSeconds * 1000));
    return synced.computeIfAbsent(new SyncKey(settings, millis),
        k -> new SyncedCounters(redis(settings), millis, clock));
  }
}
