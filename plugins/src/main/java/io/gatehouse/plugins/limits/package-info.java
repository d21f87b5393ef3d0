/**
 * Counters shared by rate-limiting and response-ratelimiting: {@link io.gatehouse.plugins.limits.Window}
 * (UTC-calendar fixed windows and sliding windows), {@link io.gatehouse.plugins.limits.Slot} (one
 * limit's keys for this moment), and the {@link io.gatehouse.plugins.limits.CounterStore}
 * implementations behind Kong's {@code policy}: {@link io.gatehouse.plugins.limits.LocalCounters}
 * (in process), {@link io.gatehouse.plugins.limits.RedisCounters} (atomic Lua scripts through
 * Lettuce, every call bounded by the timeout and guarded by a circuit breaker, see {@link io.gatehouse.plugins.redis.RedisConnection})
 * and {@link io.gatehouse.plugins.limits.SyncedCounters} ({@code sync_rate} batching).
 */
@NullMarked
package io.gatehouse.plugins.limits;

import org.jspecify.annotations.NullMarked;
