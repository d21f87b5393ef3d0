package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Downstream} of one HTTP/2 stream: Netty's {@code Http2StreamFrameToHttpObjectCodec}
 * turns its frames into the HTTP/1.x objects the {@link Exchange} reads ({@code :authority} becomes
 * Host) and its responses back into frames, dropping HTTP/1.1-only headers (Connection, Keep-Alive,
 * Transfer-Encoding, Upgrade, Proxy-Connection). Backpressure is the stream's flow control: reading
 * pauses with auto-read (no WINDOW_UPDATE), writability follows the stream's window.
 */
final class H2Stream extends ChannelInboundHandlerAdapter implements Downstream {
  /** What the codec adds to the request for HTTP/1.x readers; never forwarded upstream. */
  private static final List<CharSequence> EXTENSION_HEADERS = List.of(
      HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text(),
      HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(),
      HttpConversionUtil.ExtensionHeaderNames.PATH.text(),
      HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text(),
      HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text(),
      HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text());

  private final H2Connection conn;
  private @Nullable Channel ch;
  private @Nullable Exchange exchange;
  private boolean started; // one request per stream
  private @Nullable ChannelFuture lastWrite;
  private boolean requestEnded;
  /** nginx's {@code client_body_timeout}: the longest wait between two reads of the request body. */
  private @Nullable Deadline bodyTimer;

  H2Stream(H2Connection conn) {
    this.conn = conn;
  }

  /** The codec hands streams over as HTTP/1.1 requests; the client speaks HTTP/2. */
  @Override
  public double httpVersion(HttpRequest request) {
    return 2.0;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ch = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req && !started) {
      started = true;
      onRequest(req);
      if (msg instanceof HttpContent c) onContent(c);
    } else if (msg instanceof HttpContent c) {
      onContent(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(HttpRequest req) {
    conn.streamStarted();
    HttpHeaders h = req.headers();
    for (CharSequence name : EXTENSION_HEADERS) h.remove(name);
    List<String> hosts = h.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) h.set(HttpHeaderNames.HOST, hosts.get(0)); // :authority wins over a Host header
    if (h.size() > conn.px.options.maxHeaders()) {
      reject(431);
      return;
    }
    if (!NginxRequestRules.validMethod(req.method().name())) { // as on HTTP/1.1 (issue 17)
      reject(400);
      return;
    }
    RequestView view = RequestView.of(req, conn.listenPort, conn.sni, ch);
    if (view == null) {
      reject(400);
      return;
    }
    Exchange x = new Exchange(conn.px, this, view);
    exchange = x;
    if (!(req instanceof LastHttpContent)) {
      bodyTimer = new Deadline(ch.eventLoop(), this::bodyTimedOut);
      bodyTimer.armMillis(conn.px.options.clientBodyTimeout().toMillis());
    }
    x.start();
  }

  private void onContent(HttpContent c) {
    Deadline t = bodyTimer;
    if (c instanceof LastHttpContent) {
      requestEnded = true;
      if (t != null) t.cancel();
    } else if (t != null) {
      t.armMillis(conn.px.options.clientBodyTimeout().toMillis());
    }
    Exchange x = exchange;
    if (x == null || x.over()) {
      c.release();
      return;
    }
    x.onRequestContent(c);
  }

  private void bodyTimedOut() {
    Exchange x = exchange;
    if (x != null && !requestEnded) x.clientTimedOut(); // 408, or the stream is reset if the answer started
  }

  /** Answers a request that never became an exchange, then ends the stream. */
  private void reject(int status) {
    String id = RequestIds.next();
    ErrorBody body = ErrorBody.forProxyError(status, id, null, null, conn.px.errorDefault);
    byte[] bytes = body.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
    r.headers().set(GatewayHeaders.CONTENT_TYPE, body.contentType());
    r.headers().setInt(GatewayHeaders.CONTENT_LENGTH, bytes.length);
    conn.px.gatewayHeaders.rejected(r.headers(), id);
    lastWrite = ch.writeAndFlush(r);
    exchangeDone(false);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Exchange x = exchange;
    if (x != null) x.flushUpstream();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange x = exchange;
    if (x != null) x.clientWritabilityChanged(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (bodyTimer != null) bodyTimer.cancel();
    Exchange x = exchange;
    if (x != null) {
      exchange = null;
      x.clientClosed();
      conn.streamEnded();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // resets this stream only
  }

  // ------------------------------------------------------------------ Downstream

  @Override
  public String peerIp() {
    return conn.peerIp;
  }

  @Override
  public String localIp() {
    return conn.localIp;
  }

  @Override
  public int listenPort() {
    return conn.listenPort;
  }

  @Override
  public String listenPortText() {
    return conn.listenPortText;
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return conn.clientCertificates();
  }

  @Override
  public boolean http2() {
    return true;
  }

  @Override
  public String scheme() {
    return conn.scheme();
  }

  @Override
  public long connectionSerial() {
    return conn.serial;
  }

  @Override
  public int connectionRequests() {
    return conn.requests;
  }

  @Override
  public EventLoop eventLoop() {
    return ch.eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return ch.alloc();
  }

  /** Streams end on their own; "keep-alive" means: keep reading (and dropping) a body after an early answer. */
  @Override
  public boolean keepAliveRequested(HttpRequest request) {
    return true;
  }

  @Override
  public void readBody(boolean on) {
    ch.config().setAutoRead(on);
  }

  @Override
  public boolean bodyPaused() {
    return !ch.config().isAutoRead();
  }

  @Override
  public boolean writable() {
    return ch.isWritable();
  }

  @Override
  public void sendContinue() {
    ch.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
  }

  @Override
  public boolean forwardsRawHeads() {
    return false; // heads become HPACK header frames
  }

  @Override
  public void sendRawHead(ByteBuf head) {
    head.release();
    throw new IllegalStateException("an HTTP/2 stream takes no HTTP/1.1 head bytes");
  }

  @Override
  public void sendRawBody(HttpContent c, boolean chunked, boolean last) {
    c.release();
    throw new IllegalStateException("an HTTP/2 stream takes no HTTP/1.1 body framing");
  }

  @Override
  public void sendHead(HttpResponse head, boolean headRequest) {
    ch.write(head, ch.voidPromise());
  }

  @Override
  public void sendBody(HttpContent c, boolean last) {
    if (last) lastWrite = ch.writeAndFlush(c);
    else ch.write(c, ch.voidPromise());
  }

  @Override
  public void sendWhole(FullHttpResponse r, boolean headRequest) {
    if (headRequest) r.content().clear(); // a HEAD answer carries the length, not the bytes
    lastWrite = ch.writeAndFlush(r);
  }

  @Override
  public void flush() {
    ch.flush();
  }

  @Override
  public boolean canChunk() {
    return true; // DATA frames carry a body of any length
  }

  @Override
  public void connectionHeader(HttpHeaders h, boolean keepAlive) {
    // no connection-level headers in HTTP/2: the stream ends, the connection stays
  }

  @Override
  public void close() {
    ch.close(); // RST_STREAM
  }

  @Override
  public void exchangeDone(boolean keepAlive) {
    if (bodyTimer != null) bodyTimer.cancel();
    if (exchange != null) {
      exchange = null;
      conn.streamEnded();
    } else if (started) {
      conn.streamEnded(); // a rejected request
    }
    if (!requestEnded) {
      // answered before the client finished its body: reset the stream once the answer is written
      ChannelFuture w = lastWrite;
      if (w == null) ch.close();
      else w.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void tunnel(HttpResponse head, Channel upstream) {
    // an h2 request cannot carry Upgrade (the codec refuses connection headers), so this is not reached
    upstream.close();
    ch.close();
  }
}
