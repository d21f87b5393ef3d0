/**
 * rate-limiting (Kong 3.9, priority 910): {@link io.gatehouse.plugins.ratelimiting.RateLimitingPlugin}
 * (SDK) prepares the config record {@link io.gatehouse.plugins.ratelimiting.RateLimitingSettings} into a
 * {@link io.gatehouse.plugins.ratelimiting.RateLimitingConfig}
 * (limits, key prefix, counter store); {@link io.gatehouse.plugins.ratelimiting.RateLimitingHandler}
 * admits or refuses in access and writes Kong's headers. Counters live in {@code io.gatehouse.plugins.limits}.
 */
@NullMarked
package io.gatehouse.plugins.ratelimiting;

import org.jspecify.annotations.NullMarked;
