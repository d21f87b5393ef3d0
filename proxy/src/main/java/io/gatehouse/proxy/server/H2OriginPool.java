package io.gatehouse.proxy.server;

import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/2 origin connections of ONE event loop ({@code grpc}/{@code grpcs} services), keyed like
 * the HTTP/1.1 pool (address, TLS settings, server name). Only that loop's thread touches it, so
 * there are no locks. Streams of many exchanges share a connection; a second one opens only when
 * every connection of the key is full or going away.
 */
final class H2OriginPool {
  private final Map<UpstreamPool.Key, List<H2Origin>> byKey = new HashMap<>();
  private final Map<H2Origin, UpstreamPool.Key> keys = new HashMap<>();
  final int maxRequests;
  final long idleTimeoutNanos;

  H2OriginPool(int maxRequests, long idleTimeoutMillis) {
    this.maxRequests = Math.max(1, maxRequests);
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
  }

  /** A connection of the key with room for one more stream (perhaps still connecting), or null. */
  @Nullable H2Origin acquire(UpstreamPool.Key key) {
    List<H2Origin> list = byKey.get(key);
    if (list == null) return null;
    for (H2Origin o : list) {
      if (o.hasRoom()) return o;
    }
    return null;
  }

  /** A new connection of the key, pooled at once so that others can wait for it. */
  H2Origin add(UpstreamPool.Key key, EventLoop loop) {
    H2Origin o = new H2Origin(this, loop.<Channel>newPromise());
    byKey.computeIfAbsent(key, k -> new ArrayList<>(2)).add(o);
    keys.put(o, key);
    return o;
  }

  void remove(H2Origin o) {
    UpstreamPool.Key key = keys.remove(o);
    if (key == null) return;
    List<H2Origin> list = byKey.get(key);
    if (list == null) return;
    list.remove(o);
    if (list.isEmpty()) byKey.remove(key);
  }

  /** Connections pooled now (for tests). */
  int size() {
    return keys.size();
  }
}
