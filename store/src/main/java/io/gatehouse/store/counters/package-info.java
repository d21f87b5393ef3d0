/**
 * Counters shared by all nodes through the configured database ({@code ratelimiting_metrics}):
 * {@link io.gatehouse.store.counters.SqlCounters}, blocking JDBC, for the runtime to call off the
 * event loop.
 */
@NullMarked
package io.gatehouse.store.counters;

import org.jspecify.annotations.NullMarked;
