package io.gatehouse.proxy.server;

import io.gatehouse.core.model.Route;
import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.plugins.PluginResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Responses the gateway writes itself: Kong's {@code kong.response.error} ({@link #core}),
 * nginx's error pages ({@link #proxyError}), a plugin's exit, the 426/redirect of an https-only
 * route, a header filter's replacement. Builds the message; the {@link Exchange} decides when
 * to send it ({@link Exchange#respond}). Stateless.
 */
final class LocalReply {
  private LocalReply() {}

  /** A reply decided before it is sent. */
  record Reply(int status, @Nullable String contentType, byte[] body, Map<String, String> headers) {}

  /**
   * Kong's protocol check after a route matched (§4.7): an https-only route reached over plain
   * HTTP answers 426, or redirects with the route's {@code https_redirect_status_code}. The scheme
   * is the listener's, or {@code X-Forwarded-Proto} from a trusted client. Null when the request may go on.
   */
  static @Nullable Reply httpsRequired(ProxyContext px, Downstream down, RequestView view, Route route,
      String requestId) {
    var protocols = route.protocols();
    if (!protocols.contains("https") || protocols.contains("http")) return null;
    HttpRequest request = view.request;
    boolean trusted = px.trustedIps.contains(down.peerIp());
    String forwardedProto = trusted ? request.headers().get(GatewayHeaders.X_FORWARDED_PROTO) : null;
    String scheme = forwardedProto != null ? forwardedProto.trim().toLowerCase(Locale.ROOT) : down.scheme();
    if (scheme.equals("https")) return null;
    int code = route.httpsRedirectStatusCode();
    if (code == 301 || code == 302 || code == 307 || code == 308) {
      String forwardedHost = trusted ? request.headers().get(GatewayHeaders.X_FORWARDED_HOST) : null;
      String host = forwardedHost != null ? forwardedHost : view.host();
      String uri = view.query == null ? view.rawPath : view.rawPath + "?" + view.query;
      return new Reply(code, null, new byte[0], Map.of("Location", "https://" + host + uri));
    }
    ErrorBody b = core(request, 426, "Please use HTTPS protocol", requestId);
    return new Reply(426, b.contentType(), bytes(b), Map.of("Connection", "Upgrade", "Upgrade", "TLS/1.2, HTTP/1.1"));
  }

  /** {@code kong.response.error}: format from Accept only. */
  static ErrorBody core(HttpRequest request, int status, String message, String requestId) {
    return ErrorBody.forCore(status, message, requestId, request.headers().get(HttpHeaderNames.ACCEPT));
  }

  /** nginx error page: Accept, else Content-Type, else error_default_type. */
  static ErrorBody proxyError(ProxyContext px, HttpRequest request, int status, String requestId) {
    return ErrorBody.forProxyError(status, requestId, request.headers().get(HttpHeaderNames.ACCEPT),
        request.headers().get(HttpHeaderNames.CONTENT_TYPE), px.errorDefault);
  }

  static byte[] bytes(ErrorBody body) {
    return body.body().getBytes(StandardCharsets.UTF_8);
  }

  static boolean bodyless(int status) {
    return status == 204 || status == 304 || status < 200;
  }

  /** A whole response: the body unless bodyless or HEAD, its Content-Type and Content-Length, the extra headers. */
  static FullHttpResponse build(int status, @Nullable String contentType, byte[] bytes, Map<String, String> extra,
      boolean head) {
    boolean bodyless = bodyless(status);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        head || bodyless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    HttpHeaders h = r.headers();
    if (contentType != null) h.set(GatewayHeaders.CONTENT_TYPE, contentType);
    if (!bodyless) h.setInt(GatewayHeaders.CONTENT_LENGTH, bytes.length);
    extra.forEach(h::set);
    return r;
  }

  /** A header filter's replacement of a response, with the headers the response had so far. */
  static FullHttpResponse replacement(PluginResponse p, HttpHeaders h, boolean head) {
    boolean bodyless = bodyless(p.status());
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (bodyless) h.remove(HttpHeaderNames.CONTENT_LENGTH);
    else h.setInt(GatewayHeaders.CONTENT_LENGTH, p.body().length);
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(p.status()),
        head || bodyless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(p.body()), h, EmptyHttpHeaders.INSTANCE);
  }
}
