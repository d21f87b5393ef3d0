package io.gatehouse.proxy.upstream;

import io.gatehouse.proxy.tls.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
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
 *
 * <p>Per request this costs two deque operations and two field writes: each connection has one
 * {@link Slot}, created with the connection (one close listener, one idle timer at a time). The
 * idle timer is not rescheduled on every release; when it fires it looks at how long the
 * connection has really been idle and sleeps again for the rest (like the proxy's deadlines).
 */
public final class UpstreamPool {
  private static final AttributeKey<Slot> SLOT = AttributeKey.valueOf("gatehouse.pool-slot");

  /**
   * Connections are pooled per origin address and TLS identity: the compiled TLS settings they were
   * opened with (compared by identity; null for plain text) and the server name they were opened for.
   */
  public record Key(InetSocketAddress address, @Nullable UpstreamTls tls, @Nullable String serverName) {}

  private final Map<Key, ArrayDeque<Channel>> idle = new HashMap<>();
  private final int maxIdlePerKey;
  private final int maxRequests;
  private final long idleTimeoutNanos;

  public UpstreamPool(int maxIdlePerKey, int maxRequests, long idleTimeoutMillis) {
    this.maxIdlePerKey = maxIdlePerKey;
    this.maxRequests = maxRequests;
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
  }

  /** An idle, open connection for the key, or null. */
  public @Nullable Channel acquire(Key key) {
    ArrayDeque<Channel> q = idle.get(key);
    while (q != null && !q.isEmpty()) {
      Channel ch = q.pollLast();
      Slot slot = ch.attr(SLOT).get();
      if (slot != null) slot.idle = false; // its timer, if any, notices when it fires
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  /** Counts a request on the connection; false once it has served its maximum. */
  public boolean countUse(Channel ch) {
    return ++slot(ch).uses < maxRequests;
  }

  /** Returns a connection after a complete exchange; closes it when the pool is full. */
  public void release(Key key, Channel ch) {
    if (!ch.isActive()) return;
    ArrayDeque<Channel> q = idle.get(key);
    if (q == null) {
      q = new ArrayDeque<>();
      idle.put(key, q);
    }
    if (q.size() >= maxIdlePerKey) {
      ch.close();
      return;
    }
    ch.config().setAutoRead(true); // notice an origin close while idle
    q.addLast(ch);
    Slot slot = slot(ch);
    slot.queue = q;
    slot.idle = true;
    slot.idleSince = System.nanoTime();
    if (slot.timer == null) {
      slot.timer = ch.eventLoop().schedule(slot, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  private Slot slot(Channel ch) {
    Slot slot = ch.attr(SLOT).get();
    if (slot == null) {
      slot = new Slot(ch);
      ch.attr(SLOT).set(slot);
      ch.closeFuture().addListener(slot);
    }
    return slot;
  }

  /** Closes every idle connection (shutdown). */
  public void closeAll() {
    idle.values().forEach(q -> q.forEach(Channel::close));
    idle.clear();
  }

  /** The pool's state of one connection: its use count, whether it is idle, its idle timer. */
  private final class Slot implements Runnable, ChannelFutureListener {
    private final Channel ch;
    private int uses;
    private boolean idle;
    private long idleSince;
    private @Nullable ArrayDeque<Channel> queue;
    private @Nullable ScheduledFuture<?> timer;

    Slot(Channel ch) {
      this.ch = ch;
    }

    /** The idle timer. */
    @Override
    public void run() {
      timer = null;
      if (!idle) return; // in use now; the next release starts a timer again
      long left = idleSince + idleTimeoutNanos - System.nanoTime();
      if (left > 0) {
        timer = ch.eventLoop().schedule(this, left, TimeUnit.NANOSECONDS);
        return;
      }
      idle = false;
      if (queue != null) queue.remove(ch);
      ch.close();
    }

    /** The connection closed. */
    @Override
    public void operationComplete(ChannelFuture f) {
      if (idle && queue != null) queue.remove(ch);
      idle = false;
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }
  }
}
