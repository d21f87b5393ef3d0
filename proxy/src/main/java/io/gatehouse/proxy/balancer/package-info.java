/**
 * Kong's ring balancer over an Upstream's Targets. {@link io.gatehouse.proxy.balancer.Balancing} is
 * the node-wide service (DNS of named targets, health registry, active checker) and picks the
 * proxy's peers ({@link io.gatehouse.proxy.balancer.Balancing#select}); it builds one
 * {@link io.gatehouse.proxy.balancer.UpstreamBalancer} per upstream when a snapshot is compiled.
 * A balancer holds an immutable ring of {@link io.gatehouse.proxy.balancer.Endpoint}s and one
 * algorithm ({@code round-robin}, {@code consistent-hashing}, {@code least-connections},
 * {@code latency}); picks read volatile fields and atomics only, so any event loop picks without locks.
 * Layering: {@code upstream} &lt; {@code balancer} &lt; {@code runtime} &lt; {@code server}, no cycle.
 */
@NullMarked
package io.gatehouse.proxy.balancer;

import org.jspecify.annotations.NullMarked;
