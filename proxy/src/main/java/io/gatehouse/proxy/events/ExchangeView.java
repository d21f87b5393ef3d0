package io.gatehouse.proxy.events;

import io.gatehouse.proxy.http.RequestIds;
import org.jspecify.annotations.Nullable;

/** The facts of one request as a listener sees them, read from the live exchange (valid during the call). */
public interface ExchangeView {
  /** The request id ({@code X-Kong-Request-Id}). */
  String requestId();

  /**
   * Whether {@link #requestId} is 32 lower-case hex digits, whose halves {@link #requestIdHigh} and
   * {@link #requestIdLow} give as numbers (the proxy's own ids are, and it knows their numbers without parsing).
   */
  default boolean requestIdIsHex() {
    return RequestIds.isHex(requestId());
  }

  /** The request id's first 16 hex digits as a number (when {@link #requestIdIsHex}). */
  default long requestIdHigh() {
    return RequestIds.high(requestId());
  }

  /** Its last 16 hex digits as a number (when {@link #requestIdIsHex}). */
  default long requestIdLow() {
    return RequestIds.low(requestId());
  }

  String method();

  /** The request path as the client sent it, without the query. */
  String path();

  /** The matched route's id, or null before routing or when none matched. */
  @Nullable String routeId();

  /** The route's service id, or null when there is none (yet). */
  @Nullable String serviceId();

  /** The status sent to the client, 0 until a response started. */
  int status();

  /** Upstream tries so far. */
  int tries();

  /** Request body bytes read from the client. */
  long requestBodyBytes();

  /** Response body bytes sent to the client. */
  long responseBodyBytes();

  /** Nanoseconds since the request was accepted; once it is answered, until then. */
  long elapsedNanos();

  /** When the request was accepted, on {@link System#nanoTime}'s clock. */
  default long startNanos() {
    return System.nanoTime() - elapsedNanos();
  }

  // beyond the counters above, what a call log keeps (defaults for views that do not know them)

  /**
   * The matched route's workspace id (Kong's {@code ws_id}); the default workspace's when no route
   * matched, as a log entry's {@code workspace}.
   */
  default String workspaceId() { return io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID; }

  /** The matched route's name, or null. */
  default @Nullable String routeName() { return null; }

  /** The service's name, or null. */
  default @Nullable String serviceName() { return null; }

  /** The authenticated consumer's id, or null. */
  default @Nullable String consumerId() { return null; }

  /** The authenticated consumer's username, or null. */
  default @Nullable String consumerName() { return null; }

  /** The client's address as the connection saw it. */
  default @Nullable String clientIp() { return null; }

  /** The last try's peer ({@code ip:port}), or null when nothing was tried. */
  default @Nullable String upstreamAddress() { return null; }

  /**
   * The last try's peer as the exchange holds it (no text built), or null when nothing was tried or
   * the view does not know it: a listener that keeps many calls formats it later, off the event loop.
   */
  default java.net.@Nullable InetSocketAddress upstreamPeer() { return null; }

  /** Kong's {@code latencies.kong}: the gateway's own time in ms. */
  default long kongLatencyMs() { return -1; }

  /** Kong's {@code latencies.proxy}: waiting for the upstream's head in ms, -1 when not proxied. */
  default long upstreamLatencyMs() { return -1; }
}
