package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.HeaderSettings;
import io.gatehouse.proxy.http.Millis;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides which headers the gateway adds to a client's response (Kong's
 * {@code headers} setting, reference §5.2): on a proxied response, a locally made one (errors,
 * plugin exits), a WebSocket switch and a rejected request. Compiled once per proxy; writes through
 * a {@link Sink}, so the byte head ({@link ForwardedHead}) and Netty headers get the same lines.
 */
final class GatewayResponseHeaders {
  /** Where the lines go: {@code put} replaces a header of that name, {@code append} adds one. */
  interface Sink {
    void put(CharSequence name, String value);

    void append(CharSequence name, String value);
  }

  /** A sink over Netty headers (the paths that already build Netty messages). */
  record NettySink(HttpHeaders h) implements Sink {
    @Override
    public void put(CharSequence name, String value) {
      h.set(name, value);
    }

    @Override
    public void append(CharSequence name, String value) {
      h.add(name, value);
    }
  }

  final HeaderSettings on;
  final String server;
  private final String via10;
  private final String via11;
  private final String via2;
  private final String viaToken;

  GatewayResponseHeaders(HeaderSettings on, String server, String viaToken) {
    this.on = on;
    this.server = server;
    this.viaToken = viaToken;
    this.via11 = "1.1 " + viaToken;
    this.via10 = "1.0 " + viaToken;
    this.via2 = "2 " + viaToken;
  }

  /**
   * The {@code Via} entry a plugin answering for an origin adds (Kong's aws-lambda and
   * azure-functions: {@code (http2 and "2 " or "1.1 ") .. server_tokens}), or null while
   * {@code Via} is off. Built once, not per request.
   */
  @Nullable String pluginVia(boolean http2) {
    return !on.via() ? null : http2 ? via2 : via11;
  }

  /** {@code Via} value for a message of this version: {@code 1.1 gatehouse/<version>} (built once per version). */
  String via(HttpVersion version) {
    if (version == HttpVersion.HTTP_1_1) return via11;
    if (version == HttpVersion.HTTP_1_0) return via10;
    return version.majorVersion() + "." + version.minorVersion() + " " + viaToken;
  }

  /**
   * A response from the origin: {@code Via} appended to the origin's, {@code Server} unless the
   * origin sent one, the latency, status and request-id headers, and a sticky-session cookie.
   *
   * @param originVia the origin's {@code Via} this one is appended to, or null
   */
  void proxied(Sink out, HttpVersion originVersion, @Nullable String originVia, boolean originHasServer,
      long upstreamLatencyMs, long proxyLatencyMs, int upstreamStatus, String requestId, @Nullable String setCookie) {
    if (on.via()) {
      String ours = via(originVersion);
      out.put(GatewayHeaders.VIA, originVia == null ? ours : originVia + ", " + ours);
    }
    if (on.server() && !originHasServer) out.put(GatewayHeaders.SERVER, server);
    if (on.upstreamLatency()) out.put(GatewayHeaders.X_KONG_UPSTREAM_LATENCY, Millis.text(upstreamLatencyMs));
    if (on.proxyLatency()) out.put(GatewayHeaders.X_KONG_PROXY_LATENCY, Millis.text(Math.max(0, proxyLatencyMs)));
    if (on.upstreamStatus()) out.put(GatewayHeaders.X_KONG_UPSTREAM_STATUS, Integer.toString(upstreamStatus));
    if (on.requestId()) out.put(GatewayHeaders.X_KONG_REQUEST_ID, requestId);
    if (setCookie != null) out.append(GatewayHeaders.SET_COOKIE, setCookie);
  }

  /**
   * A response the gateway made (Kong's {@code kong.response.exit}/{@code error}, nginx's error
   * pages): the response latency, {@code Server}, the request id and, when enabled, why a 5xx happened.
   */
  void local(HttpHeaders h, long responseLatencyMs, String requestId, @Nullable String upstreamError) {
    if (on.responseLatency()) h.set(GatewayHeaders.X_KONG_RESPONSE_LATENCY, Millis.text(responseLatencyMs));
    if (on.server()) h.set(GatewayHeaders.SERVER, server);
    if (on.requestId()) h.set(GatewayHeaders.X_KONG_REQUEST_ID, requestId);
    if (upstreamError != null && on.upstreamError()) h.set("X-Gatehouse-Upstream-Error", upstreamError);
  }

  /** A request refused before it became an exchange (bad input, a timeout before the head). */
  void rejected(HttpHeaders h, String requestId) {
    if (on.server()) h.set(GatewayHeaders.SERVER, server);
    if (on.requestId()) h.set("X-Kong-Request-Id", requestId);
  }

  /** The origin's {@code 101 Switching Protocols}: our {@code Via} added, the request id. */
  void switched(HttpHeaders h, HttpVersion originVersion, String requestId) {
    if (on.via()) h.add(GatewayHeaders.VIA, via(originVersion));
    if (on.requestId()) h.set(GatewayHeaders.X_KONG_REQUEST_ID, requestId);
  }
}
