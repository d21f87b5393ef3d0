package io.gatehouse.plugins.circuitbreaker;

import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.plugins.httplog.HttpLogPlugin;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderName;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The circuit-breaker config. Thresholds and window follow Resilience4j's names and defaults
 * (failure rate 50 %, slow-call rate 100 % of calls slower than 60 s, a window of the last 100
 * calls, at least 100 calls before the rates count, 60 s open, 10 trial calls half-open); a call
 * fails when its status is in {@code failure_status_codes} (the gateway's own 502 for a connection
 * error and 504 for a timeout included). While open, requests are answered at once with
 * {@code open_status_code} and {@code open_message} (as {@code {"message":…}}) or
 * {@code open_body}/{@code open_content_type}, plus {@code open_headers} — or, with
 * {@code fallback_url}, by that server ({@link Fallback}). {@code strategy: redis}
 * shares the open state through the {@code redis} record's server ({@link SharedState}).
 */
public record BreakerConfig(
    @Default("50") @Between(min = 1, max = 100) double failureRateThreshold,
    @Default("100") @Between(min = 1, max = 100) double slowCallRateThreshold,
    @Default("60000") @Between(min = 1, max = 86_400_000) long slowCallDurationThreshold,
    @Default("count") @OneOf({"count", "time"}) String slidingWindowType,
    @Default("100") @Between(min = 1, max = 100_000) int slidingWindowSize,
    @Default("100") @Between(min = 1, max = 100_000) int minimumNumberOfCalls,
    @Default("60") @Between(min = 0.001, max = 86_400) double waitDurationInOpenState,
    @Default("10") @Between(min = 1, max = 100_000) int permittedNumberOfCallsInHalfOpenState,
    @Default({"500", "502", "503", "504"}) List<@Between(min = 100, max = 599) Integer> failureStatusCodes,
    @Default("503") @Between(min = 100, max = 599) int openStatusCode,
    @Nullable @Default("Service unavailable: circuit breaker is open") String openMessage,
    @Nullable String openBody,
    @Nullable String openContentType,
    @Nullable Map<@HeaderName String, String> openHeaders,
    @Nullable @Check(HttpLogPlugin.Url.class) String fallbackUrl,
    @Default("local") @OneOf({"local", "redis"}) String strategy,
    @Nullable RedisConfig redis) {}
