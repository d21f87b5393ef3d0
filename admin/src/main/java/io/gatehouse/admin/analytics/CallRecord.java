package io.gatehouse.admin.analytics;

import org.jspecify.annotations.Nullable;

/**
 * One proxied call as the analytics store keeps it: the columns of Kong's serialized log entry
 * ({@code kong.log.serialize()}) that queries filter and aggregate on, given column by column
 * (tests, benchmarks; the proxy's calls are copied from the exchange straight into the ring).
 *
 * @param startedAt epoch milliseconds ({@code started_at})
 * @param workspace the route's workspace id ({@code ws_id})
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

  /** The default workspace's id: a call that matched no route belongs to it. */
  public static final String DEFAULT_WORKSPACE = io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID;
}
