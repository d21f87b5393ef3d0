package io.gatehouse.proxy.upstream;

import io.gatehouse.proxy.runtime.ServiceTarget;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * Picks the address for one try of a request. Today it resolves the service host; the ring
 * balancer over Upstream/Targets implements the same interface later. Must not block: it returns a
 * future completed on {@code loop}.
 */
public interface PeerSelector {
  /**
   * @param target the service being proxied to
   * @param attempt 0 for the first try, then 1, 2… for retries (spreads tries over DNS records)
   * @param loop the event loop of the request
   */
  Future<InetSocketAddress> select(ServiceTarget target, int attempt, EventLoop loop);
}
