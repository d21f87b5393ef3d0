/**
 * The compiled form of one {@link io.gatehouse.core.model.ConfigSnapshot}: router plus per-service
 * upstream targets. Built off the event loop by {@link io.gatehouse.proxy.runtime.CompiledConfig#compile}
 * and swapped in atomically; a request reads one instance from start to end. Later: plugin chains
 * and balancers are compiled here too.
 */
@NullMarked
package io.gatehouse.proxy.runtime;

import org.jspecify.annotations.NullMarked;
