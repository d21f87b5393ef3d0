package io.gatehouse.plugins.responseratelimiting;

import io.gatehouse.plugins.limits.LimitSchema.Periods;
import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.OneOf;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * response-ratelimiting's config as written (Kong 3.9's fields, then the deprecated flat
 * {@code redis_*} fields); the plugin prepares it into a {@link ResponseRateLimitingConfig}.
 *
 * @param limits per limit name, its periods
 */
public record ResponseRateLimitingSettings(
    @Default("x-kong-limit") @HeaderName @Nullable String headerName,
    @Default("consumer") @OneOf({"consumer", "credential", "ip"}) @Nullable String limitBy,
    @Default("local") @OneOf({"local", "cluster", "redis"}) @Nullable String policy,
    @Default("true") boolean faultTolerant,
    @Nullable RedisConfig redis,
    @Default("false") boolean blockOnFirstViolation,
    @Default("false") boolean hideClientHeaders,
    Map<String, Periods> limits,
    @Nullable String redisHost,
    @Between(min = 0, max = 65535) @Nullable Integer redisPort,
    @Between(min = 0, max = Integer.MAX_VALUE) @Nullable Integer redisTimeout,
    @Nullable String redisUsername,
    @Nullable String redisPassword,
    @Nullable Integer redisDatabase,
    @Nullable Boolean redisSsl,
    @Nullable Boolean redisSslVerify,
    @Nullable String redisServerName) {

  RedisConfig.Flat flatRedis() {
    return new RedisConfig.Flat(redisHost, redisPort, redisTimeout, redisUsername, redisPassword, redisDatabase,
        redisSsl, redisSslVerify, redisServerName);
  }
}
