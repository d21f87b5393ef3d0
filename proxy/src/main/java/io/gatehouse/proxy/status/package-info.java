/**
 * What the Admin and status APIs may read of a running proxy, and nothing more: the live health of
 * upstreams and their targets ({@link io.gatehouse.proxy.status.UpstreamHealthView}, also the one
 * place Kong's health overrides are applied) and the node's connection counters
 * ({@link io.gatehouse.proxy.status.ServerCounters}). Plain records and interfaces; no Netty, no
 * balancer internals, so {@code admin} depends on this package instead of the data plane's.
 */
@NullMarked
package io.gatehouse.proxy.status;

import org.jspecify.annotations.NullMarked;
