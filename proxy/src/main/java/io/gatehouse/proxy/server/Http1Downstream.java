package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.GatewayHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The {@link Downstream} of an HTTP/1.x client connection: one per connection, serving its
 * requests one after the other. Heads go out through Netty's encoder, or as bytes that skip it
 * ({@link ClientConnection#rawOut()}); void promises: a failed client write surfaces as
 * {@code exceptionCaught}, which closes the connection.
 */
final class Http1Downstream implements Downstream {
  private final ClientConnection conn;
  private final ChannelHandlerContext ctx;
  private final ResponseEncoder encoder;
  private boolean http11 = true; // of the current request

  Http1Downstream(ClientConnection conn, ChannelHandlerContext ctx, ResponseEncoder encoder) {
    this.conn = conn;
    this.ctx = ctx;
    this.encoder = encoder;
  }

  /** The next request on the connection begins. */
  void begin(HttpRequest request) {
    http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
  }

  @Override
  public String peerIp() {
    return conn.peerIp();
  }

  @Override
  public String localIp() {
    return conn.localIp();
  }

  @Override
  public int listenPort() {
    return conn.listenPort();
  }

  @Override
  public String listenPortText() {
    return conn.listenPortText();
  }

  @Override
  public String scheme() {
    return conn.scheme();
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return conn.clientCertificates();
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
    return ctx.channel().eventLoop();
  }

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public boolean keepAliveRequested(HttpRequest request) {
    return HttpUtil.isKeepAlive(request);
  }

  @Override
  public void readBody(boolean on) {
    ctx.channel().config().setAutoRead(on);
  }

  @Override
  public boolean bodyPaused() {
    return !ctx.channel().config().isAutoRead();
  }

  @Override
  public boolean writable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void sendContinue() {
    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
  }

  @Override
  public boolean forwardsRawHeads() {
    return http11;
  }

  @Override
  public void sendRawHead(ByteBuf head) {
    ChannelHandlerContext raw = conn.rawOut();
    raw.write(head, raw.voidPromise());
  }

  @Override
  public void sendRawBody(HttpContent c, boolean chunked, boolean last) {
    ChannelHandlerContext raw = conn.rawOut();
    BodyFraming.write(raw, c, chunked, null);
    if (last) raw.flush();
  }

  @Override
  public void sendHead(HttpResponse head, boolean headRequest) {
    encoder.headRequest = headRequest;
    ctx.write(head, ctx.voidPromise());
  }

  @Override
  public void sendBody(HttpContent c, boolean last) {
    if (last) ctx.writeAndFlush(c, ctx.voidPromise());
    else ctx.write(c, ctx.voidPromise());
  }

  @Override
  public void sendWhole(FullHttpResponse r, boolean headRequest) {
    encoder.headRequest = headRequest;
    ctx.writeAndFlush(r);
  }

  @Override
  public void flush() {
    ctx.flush();
  }

  @Override
  public boolean canChunk() {
    return http11;
  }

  @Override
  public void connectionHeader(HttpHeaders h, boolean keepAlive) {
    if (!keepAlive) {
      h.set(GatewayHeaders.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!http11) {
      h.set(GatewayHeaders.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  @Override
  public void close() {
    ctx.close();
  }

  @Override
  public void exchangeDone(boolean keepAlive) {
    conn.exchangeDone(keepAlive);
  }

  @Override
  public void tunnel(HttpResponse head, Channel upstream) {
    conn.upgraded();
    encoder.headRequest = false;
    // Written synchronously through the HTTP encoder, then both pipelines become byte relays.
    ctx.writeAndFlush(head);
    Tunnel.join(ctx.channel(), upstream);
  }
}
