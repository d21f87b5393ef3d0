/**
 * The compiled form of one {@link io.gatehouse.core.model.ConfigSnapshot}: router, per-service
 * targets ({@link io.gatehouse.proxy.runtime.ServiceTarget}, an {@link io.gatehouse.proxy.upstream.Origin}),
 * balancers, plugin chains and TLS contexts. Built off the event loop by
 * {@link io.gatehouse.proxy.runtime.CompiledConfig#compile} and swapped in atomically; a request
 * reads one instance from start to end. Sits above {@code balancer} and {@code upstream}, which
 * never import it.
 */
@NullMarked
package io.gatehouse.proxy.runtime;

import org.jspecify.annotations.NullMarked;
