package io.gatehouse.proxy.health;

import java.net.InetSocketAddress;

/**
 * One address the active checker probes.
 *
 * @param hostHeader the probe's {@code Host}: the upstream's {@code host_header}, else the target host
 */
public record ProbeTarget(AddressHealth state, InetSocketAddress address, String hostHeader, HealthChecks checks) {}
