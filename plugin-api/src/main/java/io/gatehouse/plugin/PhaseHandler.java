package io.gatehouse.plugin;

/**
 * Marker for the phase interfaces. A handler implements one or more of {@link Rewrite},
 * {@link Access} (or {@link AsyncAccess}), {@link HeaderFilter}, {@link BodyFilter} and {@link Log};
 * the gateway calls only the phases it implements.
 *
 * @param <C> the bound config record
 */
public interface PhaseHandler<C> {}
