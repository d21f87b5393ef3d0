package io.gatehouse.proxy.upstream;

import io.gatehouse.proxy.runtime.ServiceTarget;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Picks the peer for one try of a request: the ring balancer when the service host names an
 * Upstream, else DNS. Must not block: it returns a future completed on {@code loop}. A failed future
 * carries {@link NoPeerException} when the balancer has no available target.
 */
public interface PeerSelector {
  /**
   * @param target the service being proxied to
   * @param state the request's tries so far ({@link PickState#attempt()} 0 for the first)
   * @param loop the event loop of the request
   */
  Future<Peer> select(ServiceTarget target, PickState state, EventLoop loop);
}
