/**
 * Reaching origins: choosing a peer ({@link io.gatehouse.proxy.upstream.PeerSelector}: the ring
 * balancer of {@code proxy.balancer}, else DNS with caching) and what a try reports back
 * ({@link io.gatehouse.proxy.upstream.TryObserver}), the per-event-loop keep-alive
 * pool ({@link io.gatehouse.proxy.upstream.UpstreamPool}) and the transport choice.
 */
@NullMarked
package io.gatehouse.proxy.upstream;

import org.jspecify.annotations.NullMarked;
