/**
 * Reaching origins: choosing a peer ({@link io.gatehouse.proxy.upstream.PeerSelector}, today DNS
 * with caching; the ring balancer slots in behind the same interface), the per-event-loop keep-alive
 * pool ({@link io.gatehouse.proxy.upstream.UpstreamPool}) and the transport choice.
 */
@NullMarked
package io.gatehouse.proxy.upstream;

import org.jspecify.annotations.NullMarked;
