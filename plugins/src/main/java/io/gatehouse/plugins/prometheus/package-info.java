/**
 * Kong's {@code prometheus} plugin: per-request counters and latency histograms recorded on the
 * event loops, and {@code GET /metrics} on the Admin and status APIs in Kong's exposition (names,
 * labels, buckets, HELP texts and line order of Kong 3.9's exporter). Start at
 * {@link io.gatehouse.plugins.prometheus.PrometheusPlugin}; {@link io.gatehouse.plugins.prometheus.KongMetrics}
 * declares every family once, {@link io.gatehouse.plugins.prometheus.Shard} records, and
 * {@link io.gatehouse.plugins.prometheus.Exposition} writes the text.
 */
@NullMarked
package io.gatehouse.plugins.prometheus;

import org.jspecify.annotations.NullMarked;
