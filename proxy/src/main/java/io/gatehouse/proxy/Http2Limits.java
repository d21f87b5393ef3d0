package io.gatehouse.proxy;

/**
 * The HTTP/2 limits of the proxy's {@code http2} listeners, as nginx's directives under Kong 3.9
 * (nginx 1.25) set them; Kong has no keys of its own for them, so they come as injected directives
 * ({@code nginx_proxy_*} over {@code nginx_http_*}). The header list is bounded by
 * {@link ProxyOptions#maxHeaderSize()} ({@code large_client_header_buffers}, which replaced
 * {@code http2_max_field_size} and {@code http2_max_header_size} in nginx 1.19.7).
 *
 * @param maxConcurrentStreams {@code http2_max_concurrent_streams} (128): SETTINGS_MAX_CONCURRENT_STREAMS;
 *     a stream past it is refused (RST_STREAM REFUSED_STREAM)
 * @param bodyPrereadSize {@code http2_body_preread_size} (64k): what a client may send on a stream
 *     before the gateway reads it — SETTINGS_INITIAL_WINDOW_SIZE, as nginx advertises it
 * @param maxRequests {@code keepalive_requests} (Kong: 10000): streams per connection, then GOAWAY
 *     (NO_ERROR) and the open streams finish
 */
public record Http2Limits(int maxConcurrentStreams, int bodyPrereadSize, int maxRequests) {
  /** nginx's defaults with Kong's {@code keepalive_requests}. */
  public static final Http2Limits KONG = new Http2Limits(128, 64 * 1024, 10000);

  public Http2Limits {
    if (maxConcurrentStreams < 1) throw new IllegalArgumentException("maxConcurrentStreams: expected >= 1, got " + maxConcurrentStreams);
    if (bodyPrereadSize < 0 || bodyPrereadSize > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("bodyPrereadSize: expected 0 to 2^31-2, got " + bodyPrereadSize);
    }
    if (maxRequests < 1) throw new IllegalArgumentException("maxRequests: expected >= 1, got " + maxRequests);
  }
}
