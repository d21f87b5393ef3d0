package io.gatehouse.proxy.server;

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
