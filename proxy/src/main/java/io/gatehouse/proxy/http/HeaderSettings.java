package io.gatehouse.proxy.http;

import java.util.Set;

/**
 * Which Kong-added response headers are on, compiled from the {@code headers} and
 * {@code headers_upstream} settings (reference §5.2). Beyond Kong, {@code X-Gatehouse-Upstream-Error} in
 * {@code headers} adds the reason of every gateway-made 5xx to the response.
 */
public record HeaderSettings(
    boolean server,
    boolean via,
    boolean proxyLatency,
    boolean upstreamLatency,
    boolean responseLatency,
    boolean upstreamStatus,
    boolean requestId,
    boolean upstreamRequestId,
    boolean upstreamError) {

  public static HeaderSettings of(Set<String> headers, Set<String> headersUpstream) {
    boolean off = headers.contains("off");
    boolean tokens = !off && headers.contains("server_tokens");
    boolean latency = !off && headers.contains("latency_tokens");
    return new HeaderSettings(
        tokens || (!off && headers.contains("server")),
        tokens || (!off && headers.contains("via")),
        latency || (!off && headers.contains("x-kong-proxy-latency")),
        latency || (!off && headers.contains("x-kong-upstream-latency")),
        latency || (!off && headers.contains("x-kong-response-latency")),
        !off && headers.contains("x-kong-upstream-status"),
        !off && headers.contains("x-kong-request-id"),
        !headersUpstream.contains("off") && headersUpstream.contains("x-kong-request-id"),
        !off && headers.contains("x-gatehouse-upstream-error"));
  }
}
