package io.gatehouse.proxy.events;

import org.jspecify.annotations.Nullable;

/** The facts of one request as a listener sees them, read from the live exchange (valid during the call). */
public interface ExchangeView {
  /** The request id ({@code X-Kong-Request-Id}). */
  String requestId();

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

  /** Nanoseconds since the request was accepted. */
  long elapsedNanos();
}
