package io.gatehouse.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Idle keep-alive connections to origins for ONE event loop (Kong's {@code upstream_keepalive_*}).
 * Only that loop's thread touches it, so there are no locks. Last released, first reused; a
 * connection closed by the origin while idle removes itself.
 */
public final class UpstreamPool {
  private static final AttributeKey<Idle> IDLE = AttributeKey.valueOf("gatehouse.idle");
  private static final AttributeKey<int[]> USES = AttributeKey.valueOf("gatehouse.uses");

  /** Connections are pooled per origin address and TLS identity. */
  public record Key(InetSocketAddress address, boolean tls, String sni) {}

  private final Map<Key, ArrayDeque<Channel>> idle = new HashMap<>();
  private final int maxIdlePerKey;
  private final int maxRequests;
  private final long idleTimeoutMillis;

  public UpstreamPool(int maxIdlePerKey, int maxRequests, long idleTimeoutMillis) {
    this.maxIdlePerKey = maxIdlePerKey;
    this.maxRequests = maxRequests;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  /** An idle, open connection for the key, or null. */
  public @Nullable Channel acquire(Key key) {
    ArrayDeque<Channel> q = idle.get(key);
    while (q != null && !q.isEmpty()) {
      Channel ch = q.pollLast();
      Idle state = ch.attr(IDLE).getAndSet(null);
      if (state != null) state.timer.cancel(false);
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  /** Counts a request on the connection; false once it has served its maximum. */
  public boolean countUse(Channel ch) {
    int[] uses = ch.attr(USES).get();
    if (uses == null) {
      uses = new int[1];
      ch.attr(USES).set(uses);
    }
    return ++uses[0] < maxRequests;
  }

  /** Returns a connection after a complete exchange; closes it when the pool is full. */
  public void release(Key key, Channel ch) {
    if (!ch.isActive()) return;
    ArrayDeque<Channel> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (q.size() >= maxIdlePerKey) {
      ch.close();
      return;
    }
    ch.config().setAutoRead(true); // notice an origin close while idle
    q.addLast(ch);
    ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
      if (ch.attr(IDLE).get() != null) {
        q.remove(ch);
        ch.close();
      }
    }, idleTimeoutMillis, TimeUnit.MILLISECONDS);
    Idle state = new Idle(timer);
    ch.attr(IDLE).set(state);
    ch.closeFuture().addListener(f -> {
      if (ch.attr(IDLE).get() == state) {
        q.remove(ch);
        state.timer.cancel(false);
      }
    });
  }

  /** Closes every idle connection (shutdown). */
  public void closeAll() {
    idle.values().forEach(q -> q.forEach(Channel::close));
    idle.clear();
  }

  private record Idle(ScheduledFuture<?> timer) {}
}
