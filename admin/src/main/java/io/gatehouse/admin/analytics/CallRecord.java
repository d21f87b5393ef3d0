package io.gatehouse.admin.analytics;

import io.gatehouse.proxy.events.ExchangeView;
import org.jspecify.annotations.Nullable;

/**
 * One proxied call as the analytics store keeps it: the columns of Kong's serialized log entry
 * ({@code kong.log.serialize()}) that queries filter and aggregate on. Copied from the live exchange
 * on its event loop, then handed to the writer thread.
 *
 * @param startedAt epoch milliseconds ({@code started_at})
 * @param requestBytes request body bytes; responseBytes response body bytes
 */
public record CallRecord(
    long startedAt,
    String requestId,
    String workspace,
    @Nullable String serviceId,
    @Nullable String serviceName,
    @Nullable String routeId,
    @Nullable String routeName,
    @Nullable String consumerId,
    @Nullable String consumerName,
    String method,
    String path,
    int status,
    long latencyRequest,
    long latencyProxy,
    long latencyKong,
    long requestBytes,
    long responseBytes,
    @Nullable String clientIp,
    @Nullable String upstream) {

  /** The workspace every call belongs to until workspaces exist. */
  public static final String DEFAULT_WORKSPACE = "default";

  /** Copies what the call log keeps from a finished exchange (called during {@code logged}). */
  static CallRecord of(ExchangeView x, long nowMillis) {
    long requestMs = x.elapsedNanos() / 1_000_000L;
    return new CallRecord(nowMillis - requestMs, x.requestId(), DEFAULT_WORKSPACE, x.serviceId(), x.serviceName(),
        x.routeId(), x.routeName(), x.consumerId(), x.consumerName(), x.method(), x.path(), x.status(), requestMs,
        x.upstreamLatencyMs(), x.kongLatencyMs(), x.requestBodyBytes(), x.responseBodyBytes(), x.clientIp(),
        x.upstreamAddress());
  }
}
