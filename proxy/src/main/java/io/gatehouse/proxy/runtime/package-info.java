/**
 * The compiled form of one {@link io.gatehouse.core.model.ConfigSnapshot}: router plus per-service
 * upstream targets. Built off the event loop by {@link io.gatehouse.proxy.runtime.CompiledConfig#compile}
 * and swapped in atomically; a request reads one instance from start to end. Balancers are built
 * here too (by {@code proxy.balancer.Balancing}); later, plugin chains.
 */
@NullMarked
package io.gatehouse.proxy.runtime;

import org.jspecify.annotations.NullMarked;
