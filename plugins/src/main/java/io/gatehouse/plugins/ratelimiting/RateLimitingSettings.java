package io.gatehouse.plugins.ratelimiting;

import io.gatehouse.plugins.limits.LimitSchema.Positive;
import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Validator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * rate-limiting's config as written (Kong 3.9's fields, then Gatehouse's {@code strategy} and
 * {@code limits}, then Kong's deprecated flat {@code redis_*} fields); the plugin prepares it into a
 * {@link RateLimitingConfig}.
 */
public record RateLimitingSettings(
    @Check(Positive.class) @Nullable Double second,
    @Check(Positive.class) @Nullable Double minute,
    @Check(Positive.class) @Nullable Double hour,
    @Check(Positive.class) @Nullable Double day,
    @Check(Positive.class) @Nullable Double month,
    @Check(Positive.class) @Nullable Double year,
    @Default("consumer") @OneOf({"consumer", "credential", "ip", "service", "header", "path"}) @Nullable String limitBy,
    @HeaderName @Nullable String headerName,
    @Check(StartsWithSlash.class) @Nullable String path,
    @Default("local") @OneOf({"local", "cluster", "redis"}) @Nullable String policy,
    @Default("true") boolean faultTolerant,
    @Nullable RedisConfig redis,
    @Default("false") boolean hideClientHeaders,
    @Default("429") @Check(Positive.class) @Nullable Double errorCode,
    @Default("API rate limit exceeded") @Nullable String errorMessage,
    @Default("-1") double syncRate,
    // Gatehouse: sliding windows and limits of any window size (Kong EE rate-limiting-advanced)
    @Default("fixed-window") @OneOf({"fixed-window", "sliding-window"}) String strategy,
    @Nullable List<WindowLimit> limits,
    @Nullable String redisHost,
    @Between(min = 0, max = 65535) @Nullable Integer redisPort,
    @Between(min = 0, max = Integer.MAX_VALUE) @Nullable Integer redisTimeout,
    @Nullable String redisUsername,
    @Nullable String redisPassword,
    @Nullable Integer redisDatabase,
    @Nullable Boolean redisSsl,
    @Nullable Boolean redisSslVerify,
    @Nullable String redisServerName) {

  /** One {@code limits[]} entry: at most {@code limit} per {@code window_size} seconds. */
  public record WindowLimit(@Check(Positive.class) double limit, @Between(min = 1, max = 31536000) int windowSize) {}

  /** {@code should start with: /}. */
  public static final class StartsWithSlash implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return value.toString().startsWith("/") ? null : "should start with: /";
    }
  }

  RedisConfig.Flat flatRedis() {
    return new RedisConfig.Flat(redisHost, redisPort, redisTimeout, redisUsername, redisPassword, redisDatabase,
        redisSsl, redisSslVerify, redisServerName);
  }
}
