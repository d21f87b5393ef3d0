package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.HopByHop;
import io.gatehouse.proxy.plugins.PluginResponse;
import io.gatehouse.proxy.plugins.PluginRun;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The response relay of one {@link Exchange}: the origin's head to the client (as the origin's
 * bytes with the gateway's edits when it can — {@link ForwardedHead} — else as Netty headers), the
 * plugins' header and body filters, a header filter's replacement, and the body with backpressure
 * (a full client pauses the upstream connection).
 */
final class ResponseRelay {
  /** How body chunks go to the client. */
  private enum BodyMode {
    /** Through Netty's encoder (the head went out as Netty headers). */
    CODEC,
    /** As they are, after a forwarded head. */
    AS_IS,
    /** Chunk-framed here, after a forwarded head that said chunked. */
    CHUNKED
  }

  private final Exchange x;
  private BodyMode mode = BodyMode.CODEC;
  private boolean discard; // a header filter replaced the upstream response
  private boolean headersOnly; // an HTTP/2 origin's head ended its stream (gRPC trailers-only): it went out whole
  /** Body bytes sent to the client. */
  long bytes;

  ResponseRelay(Exchange x) {
    this.x = x;
  }

  /** The origin's final response head. */
  void start(HttpResponse r) {
    headersOnly = r instanceof FullHttpResponse full && !full.content().isReadable() && full.trailingHeaders().isEmpty();
    if (r instanceof UpstreamHead u && ForwardedHead.applies(u) && x.down.forwardsRawHeads()) {
      forwardHead(u);
      return;
    }
    long upstreamLatency = x.upstreamResponded(r.status().code());
    x.attempt.keepAlive = HttpUtil.isKeepAlive(r);
    HttpHeaders h = r.headers();
    HopByHop.stripResponse(h);
    boolean framed = h.contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(r)
        || x.head || r.status().code() == 204 || r.status().code() == 304;
    if (!framed) {
      if (x.down.canChunk()) {
        HttpUtil.setTransferEncodingChunked(r, true);
      } else {
        x.clientKeepAlive = false;
      }
    } else if (HttpUtil.isTransferEncodingChunked(r) && !x.down.canChunk()) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
      x.clientKeepAlive = false;
    }
    x.px.gatewayHeaders.proxied(new GatewayResponseHeaders.NettySink(h), r.protocolVersion(), h.get(HttpHeaderNames.VIA),
        h.contains(HttpHeaderNames.SERVER), upstreamLatency, x.proxyLatencyMs, r.status().code(), x.requestId,
        x.pick == null ? null : x.pick.setCookie());
    x.down.connectionHeader(h, x.clientKeepAlive);
    x.responseStatus = r.status().code();
    HttpResponseStatus status = r.status();
    PluginRun plugins = x.plugins;
    if (plugins != null) {
      plugins.headerFilter(x.responseStatus, h, true);
      status = filteredStatus(plugins, status);
    }
    finishHead(status, h, framed);
  }

  /**
   * The usual response — an HTTP/1.1 client, nothing unusual in the origin's head — goes out as
   * the origin's head bytes with the gateway's edits; header filters edit that head in place. A
   * body filter, a replaced response or an edit of the framing headers continue with Netty headers.
   */
  private void forwardHead(UpstreamHead u) {
    long upstreamLatency = x.upstreamResponded(u.code);
    x.attempt.keepAlive = u.keepAlive();
    boolean bodyless = x.head || u.code == 204 || u.code == 304;
    boolean addChunked = !u.framed(x.head);
    x.responseStatus = u.code;
    ForwardedHead out = new ForwardedHead(x.px.gatewayHeaders, u, upstreamLatency, x.proxyLatencyMs, x.requestId,
        x.pick == null ? null : x.pick.setCookie(), addChunked, !x.clientKeepAlive);
    PluginRun plugins = x.plugins;
    if (plugins != null) {
      plugins.headerFilter(u.code, out, true);
      if (plugins.replacement() != null || out.framingEdited() || plugins.filtersBody() || plugins.status() != u.code) {
        finishHead(filteredStatus(plugins, u.status()), out.toHttpHeaders(), u.framed(x.head));
        return;
      }
    }
    mode = !bodyless && (addChunked || u.chunked) ? BodyMode.CHUNKED : BodyMode.AS_IS;
    x.responseStarted();
    x.down.sendRawHead(out.write(x.down.alloc()));
  }

  /** The status after the header filters: the origin's unless one set another ({@code kong.response.set_status}). */
  private HttpResponseStatus filteredStatus(PluginRun plugins, HttpResponseStatus origin) {
    int code = plugins.status();
    if (code == origin.code()) return origin;
    x.responseStatus = code;
    return HttpResponseStatus.valueOf(code);
  }

  /** After the header filters: a replacement answers, else the head goes out through the encoder. */
  private void finishHead(HttpResponseStatus status, HttpHeaders h, boolean framed) {
    PluginRun plugins = x.plugins;
    if (plugins != null) {
      if (plugins.replacement() != null) {
        sendReplacement(plugins.replacement(), h);
        return;
      }
      if (framed && !h.contains(HttpHeaderNames.CONTENT_LENGTH) && !chunked(h) && !x.head && x.responseStatus != 204
          && x.responseStatus != 304) {
        reframe(h); // a header filter dropped Content-Length (a body filter changes the size)
      }
    }
    x.responseStarted();
    if (headersOnly) {
      // one HEADERS frame that ends the stream, as the origin sent it (a gRPC client needs it so)
      x.down.sendWhole(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER, h,
          EmptyHttpHeaders.INSTANCE), x.head);
      return;
    }
    x.down.sendHead(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, h), x.head);
  }

  private static boolean chunked(HttpHeaders h) {
    return h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
  }

  /** A header filter replaced the upstream response: send the replacement whole, drop the upstream body. */
  private void sendReplacement(PluginResponse p, HttpHeaders h) {
    discard = true;
    x.responseStatus = p.status();
    bytes = x.head ? 0 : p.body().length;
    x.responseStarted();
    x.down.sendWhole(LocalReply.replacement(p, h, x.head), x.head);
  }

  private void reframe(HttpHeaders h) {
    if (x.down.canChunk()) {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
      h.set(GatewayHeaders.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      x.clientKeepAlive = false;
      x.down.connectionHeader(h, false);
    }
  }

  /** A body chunk from the origin. */
  void content(HttpContent c) {
    if (discard || headersOnly) {
      c.release();
      if (c instanceof LastHttpContent) x.onResponseComplete();
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (mode != BodyMode.CODEC) {
      bytes += c.content().readableBytes();
      x.down.sendRawBody(c, mode == BodyMode.CHUNKED, last);
    } else {
      if (x.plugins != null && x.plugins.filtersBody()) c = filtered(c);
      bytes += c.content().readableBytes();
      x.down.sendBody(c, last);
    }
    if (last) {
      x.onResponseComplete();
    } else if (!x.down.writable()) {
      // Pause first: the flush may drain at once and fire the writable event that resumes reading.
      x.attempt.channel().config().setAutoRead(false);
      x.down.flush();
    }
  }

  /** Passes a chunk through the plugins' body filters (a copy: filters work on byte arrays). */
  private HttpContent filtered(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (last) x.plugins.responseTrailers(((LastHttpContent) c).trailingHeaders());
    byte[] out = x.plugins.filterBody(ByteBufUtil.getBytes(c.content()), last);
    HttpContent replaced = last
        ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(out), ((LastHttpContent) c).trailingHeaders().copy())
        : new DefaultHttpContent(Unpooled.wrappedBuffer(out));
    c.release();
    return replaced;
  }

  /** The origin switched to WebSocket: the 101 goes out, then both connections become a byte tunnel. */
  void switchToTunnel(HttpResponse r) {
    io.netty.channel.Channel up = x.attempt.detach();
    x.attempt.endTry(); // a tunnel is not a request in flight for least-connections
    HttpHeaders h = r.headers();
    x.px.gatewayHeaders.switched(h, r.protocolVersion(), x.requestId);
    x.responseStatus = 101;
    x.tunnelled();
    x.down.tunnel(new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), h), up);
  }
}
