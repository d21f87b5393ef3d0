/**
 * Redis for bundled plugins: Kong's shared {@code redis} config record ({@link RedisSettings}) and a
 * bounded, circuit-broken Lettuce connection ({@link RedisConnection}) used by the limiting plugins'
 * counters and proxy-cache's {@code redis} strategy.
 */
@NullMarked
package io.gatehouse.plugins.redis;

import org.jspecify.annotations.NullMarked;
