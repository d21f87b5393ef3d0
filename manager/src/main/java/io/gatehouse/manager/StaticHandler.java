package io.gatehouse.manager;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Answers GET/HEAD from memory: assets with gzip, a strong ETag and a day of caching (revalidated),
 * index.html and kconfig.js with {@code no-cache}; paths outside {@code admin_gui_path} get 404.
 */
final class StaticHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** The UI loads only its own origin's scripts and styles, and talks to any Admin API URL. */
  private static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; connect-src *; frame-ancestors 'none'; base-uri 'self'; form-action 'none'";

  private final String base;
  private final Assets assets;
  private final Supplier<ManagerConfig> config;

  StaticHandler(String base, Assets assets, Supplier<ManagerConfig> config) {
    this.base = base;
    this.assets = assets;
    this.config = config;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    FullHttpResponse res = answer(req);
    res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set("X-Content-Type-Options", "nosniff");
    if (req.method() == HttpMethod.HEAD) {
      res.content().clear();
    }
    if (keepAlive && req.decoderResult().isSuccess()) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(res);
    } else {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse answer(FullHttpRequest req) {
    if (!req.decoderResult().isSuccess()) {
      return text(HttpResponseStatus.BAD_REQUEST, "Bad request\n");
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed\n");
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      return r;
    }
    String path = new QueryStringDecoder(req.uri()).path();
    if (path.equals(base.substring(0, base.length() - 1)) && !path.isEmpty()) {
      FullHttpResponse r = text(HttpResponseStatus.MOVED_PERMANENTLY, "");
      r.headers().set(HttpHeaderNames.LOCATION, base);
      return r;
    }
    if (!path.startsWith(base)) {
      return text(HttpResponseStatus.NOT_FOUND, "Not found\n");
    }
    String relative = path.substring(base.length());
    if (relative.equals("kconfig.js")) {
      return file(req, Asset.of(Asset.typeOf(relative), config.get().kconfig().getBytes(StandardCharsets.UTF_8)), "no-cache");
    }
    Asset asset = assets.get(relative);
    if (asset != null) {
      return file(req, asset, "public, max-age=86400, must-revalidate");
    }
    if (relative.startsWith("assets/")) {
      return text(HttpResponseStatus.NOT_FOUND, "Not found\n");
    }
    FullHttpResponse r = file(req, assets.index(), "no-cache");
    r.headers().set("Content-Security-Policy", CSP);
    r.headers().set("X-Frame-Options", "DENY");
    r.headers().set("Referrer-Policy", "no-referrer");
    return r;
  }

  private static FullHttpResponse file(FullHttpRequest req, Asset a, String cacheControl) {
    String inm = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    FullHttpResponse r;
    if (inm != null && (inm.equals(a.etag()) || inm.equals("W/" + a.etag()) || inm.contains(a.etag()))) {
      r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
    } else {
      String ae = req.headers().get(HttpHeaderNames.ACCEPT_ENCODING, "");
      boolean gzip = ae.toLowerCase(java.util.Locale.ROOT).contains("gzip") && a.gzipped().length < a.bytes().length;
      r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(gzip ? a.gzipped() : a.bytes()));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
      if (gzip) r.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
    }
    r.headers().set(HttpHeaderNames.ETAG, a.etag());
    r.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    return r;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }
}
