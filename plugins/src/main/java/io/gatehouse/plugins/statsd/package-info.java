/**
 * Kong's {@code statsd} plugin ({@code kong/plugins/statsd}): per-request metrics as statsd lines over
 * UDP (optionally packed into {@code udp_packet_size} datagrams) or TCP, sent from a plugin queue.
 * Start at {@link io.gatehouse.plugins.statsd.StatsdMetrics} for the metric names.
 */
@NullMarked
package io.gatehouse.plugins.statsd;

import org.jspecify.annotations.NullMarked;
