package io.gatehouse.plugins.circuitbreaker;

import io.gatehouse.plugins.redis.RedisConnection;
import io.gatehouse.plugins.redis.RedisSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.StringCodec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code strategy: redis}: an instance's open state shared by the nodes. The node whose breaker
 * opens writes {@code circuit-breaker:<plugin id>} (its wait as the TTL); a node whose breaker closes
 * after its trials deletes it; every node with a closed breaker looks at the key at most once a
 * second and, while it lives, opens its own breaker too. Nothing waits on Redis: requests never
 * do, and a failing Redis leaves each node with its own state.
 */
final class SharedState {
  private static final Logger log = LoggerFactory.getLogger(SharedState.class);
  private static final long CHECK_EVERY_MILLIS = 1000;
  /** One connection per Redis settings, shared by the breakers that use them. */
  private static final Map<RedisSettings, RedisConnection<String>> CONNECTIONS = new ConcurrentHashMap<>();

  private final RedisConnection<String> redis;
  private final String key;
  private final long waitMillis;
  private final AtomicLong nextCheck = new AtomicLong();
  /** Set while this node adopts another node's open state, so it does not publish it again. */
  private volatile boolean adopting;

  SharedState(RedisSettings settings, String pluginId, long waitMillis) {
    this.redis = CONNECTIONS.computeIfAbsent(settings, s -> new RedisConnection<>(s, StringCodec.UTF8));
    this.key = "circuit-breaker:" + pluginId;
    this.waitMillis = waitMillis;
  }

  /** The local breaker changed state: publish an opening, withdraw on closing. */
  void transitioned(CircuitBreaker.State to, long nowMillis) {
    if (to == CircuitBreaker.State.OPEN && !adopting) {
      redis.call(c -> c.set(key, Long.toString(nowMillis), SetArgs.Builder.px(waitMillis)))
          .exceptionally(e -> warn("publish the open state", e));
    } else if (to == CircuitBreaker.State.CLOSED) {
      redis.call(c -> c.del(key)).exceptionally(e -> warn("withdraw the open state", e));
    }
  }

  /** From access, with the breaker closed: at most once a second, adopt an open state another node published. */
  void check(CircuitBreaker breaker, long nowMillis) {
    long next = nextCheck.get();
    if (nowMillis < next || !nextCheck.compareAndSet(next, nowMillis + CHECK_EVERY_MILLIS)) return;
    redis.call(c -> c.exists(key)).thenAccept(n -> {
      if (n != null && n > 0 && breaker.getState() == CircuitBreaker.State.CLOSED) {
        adopting = true;
        try {
          breaker.transitionToOpenState();
        } finally {
          adopting = false;
        }
      }
    }).exceptionally(e -> warn("read the shared state", e));
  }

  private <T> T warn(String what, Throwable e) {
    log.warn("circuit-breaker: could not {} in redis ({}): {}", what, key, e.toString());
    return null;
  }
}
