/**
 * Health of upstream addresses, per node: Kong's {@code healthchecks} record
 * ({@link io.gatehouse.proxy.health.HealthChecks}), the consecutive counters of one address
 * ({@link io.gatehouse.proxy.health.AddressHealth}), the node-wide state that outlives config
 * changes and publishes every verdict ({@link io.gatehouse.proxy.health.HealthRegistry}), and the
 * one active prober of the node ({@link io.gatehouse.proxy.health.ActiveChecker}). Balancers read a
 * volatile flag per address; nothing here runs on the proxy's event loops except passive reports.
 */
@NullMarked
package io.gatehouse.proxy.health;

import org.jspecify.annotations.NullMarked;
