package io.gatehouse.plugins.limits;

import io.gatehouse.plugins.redis.RedisConnection;
import io.gatehouse.plugins.redis.RedisSettings;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Kong's {@code redis} policy: counters in Redis, read and changed by atomic Lua scripts through one
 * {@link RedisConnection} per settings (every call bounded by the timeout, circuit-broken).
 */
public final class RedisCounters implements CounterStore, AutoCloseable {

  // usage = floor(previous * weight) + current; admit all or none.
  // KEYS: current1, previous1, current2, previous2 …; ARGV: cost, then limit, ttl, weight per slot
  private static final String ADMIT = """
      local cost = tonumber(ARGV[1])
      local n = #KEYS / 2
      local usage = {}
      local fits = true
      for i = 1, n do
        local limit = tonumber(ARGV[2 + (i - 1) * 3])
        local weight = tonumber(ARGV[4 + (i - 1) * 3])
        local u = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
        if weight > 0 then
          u = u + math.floor(tonumber(redis.call('GET', KEYS[2 * i]) or '0') * weight)
        end
        usage[i] = u
        if u + cost > limit then fits = false end
      end
      if fits then
        for i = 1, n do
          if redis.call('INCRBY', KEYS[2 * i - 1], cost) == cost then
            redis.call('EXPIRE', KEYS[2 * i - 1], tonumber(ARGV[3 + (i - 1) * 3]))
          end
        end
      end
      return usage
      """;

  // KEYS: counters; ARGV: delta, ttl per key. Returns the new values.
  private static final String ADD = """
      local values = {}
      for i = 1, #KEYS do
        local delta = tonumber(ARGV[2 * i - 1])
        local v = redis.call('INCRBY', KEYS[i], delta)
        if redis.call('TTL', KEYS[i]) < 0 then
          redis.call('EXPIRE', KEYS[i], tonumber(ARGV[2 * i]))
        end
        values[i] = v
      end
      return values
      """;

  private final RedisConnection<String> redis;

  public RedisCounters(RedisSettings settings) {
    this.redis = new RedisConnection<>(settings, StringCodec.UTF8);
  }

  @Override
  public CompletionStage<long[]> admit(Slot[] slots, long cost) {
    String[] keys = new String[slots.length * 2];
    String[] args = new String[1 + slots.length * 3];
    args[0] = Long.toString(cost);
    for (int i = 0; i < slots.length; i++) {
      Slot s = slots[i];
      keys[2 * i] = s.key();
      keys[2 * i + 1] = s.previousKey() == null ? s.key() : s.previousKey();
      args[1 + 3 * i] = Long.toString(s.limit());
      args[2 + 3 * i] = Long.toString(s.ttlSeconds());
      args[3 + 3 * i] = s.previousKey() == null ? "0" : Double.toString(s.previousWeight());
    }
    return call(c -> c.<List<Long>>eval(ADMIT, ScriptOutputType.MULTI, keys, args))
        .thenApply(RedisCounters::longs);
  }

  @Override
  public CompletionStage<long[]> usage(Slot[] slots) {
    String[] keys = new String[slots.length * 2];
    for (int i = 0; i < slots.length; i++) {
      keys[2 * i] = slots[i].key();
      keys[2 * i + 1] = slots[i].previousKey() == null ? slots[i].key() : slots[i].previousKey();
    }
    return get(keys).thenApply(values -> {
      long[] usage = new long[slots.length];
      for (int i = 0; i < slots.length; i++) {
        usage[i] = slots[i].usage(values[2 * i], values[2 * i + 1]);
      }
      return usage;
    });
  }

  @Override
  public CompletionStage<Void> add(Slot[] slots, long[] deltas) {
    String[] keys = new String[slots.length];
    long[] ttls = new long[slots.length];
    for (int i = 0; i < slots.length; i++) {
      keys[i] = slots[i].key();
      ttls[i] = slots[i].ttlSeconds();
    }
    return addAndGet(keys, deltas, ttls).thenApply(v -> null);
  }

  /** Adds each delta (0 reads) and returns the new values; a new counter gets its ttl. */
  public CompletableFuture<long[]> addAndGet(String[] keys, long[] deltas, long[] ttlSeconds) {
    String[] args = new String[keys.length * 2];
    for (int i = 0; i < keys.length; i++) {
      args[2 * i] = Long.toString(deltas[i]);
      args[2 * i + 1] = Long.toString(ttlSeconds[i]);
    }
    return call(c -> c.<List<Long>>eval(ADD, ScriptOutputType.MULTI, keys, args)).thenApply(RedisCounters::longs);
  }

  /** The raw counter values (0 when missing). */
  public CompletableFuture<long[]> get(String[] keys) {
    return call(c -> c.mget(keys)).thenApply(values -> {
      long[] out = new long[keys.length];
      for (int i = 0; i < out.length; i++) {
        var kv = values.get(i);
        out[i] = kv.hasValue() ? Long.parseLong(kv.getValue()) : 0;
      }
      return out;
    });
  }

  /** Whether the breaker currently refuses calls. */
  public boolean circuitOpen() {
    return redis.circuitOpen();
  }

  private <T> CompletableFuture<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> op) {
    return redis.call(op);
  }

  private static long[] longs(List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  @Override
  public void close() {
    redis.close();
  }
}
