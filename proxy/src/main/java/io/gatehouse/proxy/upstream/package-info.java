/**
 * Reaching origins, the lowest layer of the request path (it depends on no other proxy package
 * but {@code tls}): what a service points at ({@link io.gatehouse.proxy.upstream.Origin}), the
 * peer of a try ({@link io.gatehouse.proxy.upstream.Peer}; DNS with caching in
 * {@link io.gatehouse.proxy.upstream.DnsPeerSelector}, the ring balancers of {@code proxy.balancer}
 * build on it), what a try reports back
 * ({@link io.gatehouse.proxy.upstream.TryObserver}), the per-event-loop keep-alive
 * pool ({@link io.gatehouse.proxy.upstream.UpstreamPool}) and the transport choice.
 */
@NullMarked
package io.gatehouse.proxy.upstream;

import org.jspecify.annotations.NullMarked;
