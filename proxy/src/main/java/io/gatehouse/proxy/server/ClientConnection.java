package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.ErrorBody;
import io.gatehouse.proxy.http.GatewayHeaders;
import io.gatehouse.proxy.http.RequestIds;
import io.gatehouse.proxy.tls.ClientCertificates;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One client connection: validates what the decoder produced, enforces the header/body/keep-alive
 * timeouts, and runs exchanges one at a time. Pipelined requests that arrive while an exchange is
 * answering wait in a queue (reading pauses), so responses keep request order.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  private final ProxyContext px;
  private final ResponseEncoder encoder;
  private final boolean tls;
  /** The server name the TLS client sent ("" when none); null on plain-HTTP connections. */
  private @Nullable String sni;
  private @Nullable List<X509Certificate> clientCertificates;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable ChannelHandlerContext encoderCtx;
  private @Nullable Exchange exchange;
  private @Nullable Http1Downstream down; // the client side of this connection's exchanges
  private @Nullable Deadline timer;
  private int phase; // what the timer guards
  private boolean draining;
  private boolean closing;
  private int listenPort;
  /** nginx's {@code $connection}: a serial number of this client connection. */
  final long serial = nextSerial();
  /** nginx's {@code $connection_requests}: requests read on this connection so far. */
  int requests;
  private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();

  /** The next client connection's serial (HTTP/1.x and HTTP/2 share the sequence). */
  static long nextSerial() {
    return SERIALS.incrementAndGet();
  }
  private @Nullable String listenPortText;
  private @Nullable String peerIp;
  private @Nullable String localIp;
  private ConnectionCounters.@Nullable Slot counts; // this event loop's, from channelActive on
  private ConnectionCounters.State state = ConnectionCounters.State.WAITING;

  private static final int HEADER = 1;
  private static final int BODY = 2;
  private static final int IDLE = 3;
  /** The answer is out and the output half-closed; what the client still sends is read and dropped. */
  private static final int LINGER = 4;
  /** nginx's {@code lingering_timeout}: how long a lingering connection may stay silent. */
  private static final long LINGER_MS = 5_000;

  ClientConnection(ProxyContext px, ResponseEncoder encoder, boolean tls) {
    this.px = px;
    this.encoder = encoder;
    this.tls = tls;
    this.sni = tls ? "" : null;
  }

  /**
   * Where bytes that are already HTTP go: the context of the response encoder, so a write from it
   * skips the encoder (a forwarded head and the body after it).
   */
  ChannelHandlerContext rawOut() {
    return encoderCtx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    this.encoderCtx = ctx.pipeline().context(encoder);
    this.down = new Http1Downstream(this, ctx, encoder);
    counts = px.counters.slot();
    counts.accepted();
    listenPort = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
    timer = new Deadline(ctx.executor(), this::onTimeout);
    // a TLS handshake has its own deadline (SniTlsHandler); the request's starts once it is done
    if (!tls) arm(HEADER);
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ProxyContext.QUIT) {
      // an idle keep-alive connection closes now; a busy one after its answer (exchangeDone)
      if (exchange == null && queued.isEmpty() && !closing) {
        closing = true;
        timer.cancel();
        ctx.close();
      }
      return;
    }
    if (evt instanceof SniCompletionEvent e && e.isSuccess() && e.hostname() != null) {
      sni = e.hostname();
    } else if (evt instanceof SslHandshakeCompletionEvent e) {
      if (e.isSuccess()) {
        if (!closing) arm(HEADER);
      } else {
        ctx.close(); // nothing to answer: the client never got a working TLS session
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  private void arm(int newPhase) {
    phase = newPhase;
    long ms = switch (newPhase) {
      case HEADER -> px.options.clientHeaderTimeout().toMillis();
      case BODY -> px.options.clientBodyTimeout().toMillis();
      default -> px.options.keepaliveTimeout().toMillis();
    };
    timer.armMillis(ms);
  }

  /** The client's IP address as text (computed once per connection). */
  String peerIp() {
    String ip = peerIp;
    if (ip == null) {
      ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
      peerIp = ip;
    }
    return ip;
  }

  /** The address the client connected to, as text (computed once per connection). */
  String localIp() {
    String ip = localIp;
    if (ip == null) {
      ip = ((InetSocketAddress) ctx.channel().localAddress()).getAddress().getHostAddress();
      localIp = ip;
    }
    return ip;
  }

  int listenPort() {
    return listenPort;
  }

  /** The client's certificate chain (empty on plain HTTP or when none was sent), read once the handshake is done. */
  List<X509Certificate> clientCertificates() {
    List<X509Certificate> c = clientCertificates;
    if (c == null) {
      c = tls ? ClientCertificates.of(ctx.channel()) : List.of();
      clientCertificates = c;
    }
    return c;
  }

  /** The scheme of the listener the client connected to. */
  String scheme() {
    return tls ? "https" : "http";
  }

  /** The port the client connected to, as text. */
  String listenPortText() {
    String p = listenPortText;
    if (p == null) {
      p = Integer.toString(listenPort);
      listenPortText = p;
    }
    return p;
  }

  void pauseTimer() {
    phase = 0;
    timer.disarm();
  }

  private void onTimeout() {
    if (phase == HEADER || phase == BODY) {
      if (exchange != null) {
        exchange.clientTimedOut();
      } else {
        rejectAndClose(408);
      }
    } else if (phase == IDLE || phase == LINGER) {
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (exchange != null && exchange.requestComplete()) {
      queued.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    if (!queued.isEmpty()) {
      queued.add(msg);
      drain();
      return;
    }
    handle(msg);
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(req);
      if (msg instanceof HttpContent c) {
        onContent(c);
      }
    } else if (msg instanceof HttpContent c) {
      onContent(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** The decoder got bytes of a request head: an idle connection is now reading one. */
  void readingHead() {
    if (state == ConnectionCounters.State.WAITING && counts != null) moveTo(ConnectionCounters.State.READING);
  }

  private void moveTo(ConnectionCounters.State next) {
    ConnectionCounters.Slot c = counts;
    if (c != null) c.move(state, next);
    state = next;
  }

  private void onRequest(HttpRequest req) {
    if (counts != null) counts.request();
    if (state != ConnectionCounters.State.WRITING) moveTo(ConnectionCounters.State.WRITING);
    DecoderResult result = req.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      int status = cause instanceof TooLongHttpLineException ? 414
          : cause instanceof TooLongHttpHeaderException ? 431
          : cause instanceof TooLongFrameException ? 431 : 400;
      rejectAndClose(status);
      return;
    }
    int status = validate(req);
    if (status != 0) {
      rejectAndClose(status);
      return;
    }
    RequestView view = RequestView.of(req, listenPort, sni, ctx == null ? null : ctx.channel());
    if (view == null) {
      rejectAndClose(400);
      return;
    }
    if (HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(req.headers().get(HttpHeaderNames.TRANSFER_ENCODING, ""))
        || req.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      arm(BODY);
    } else {
      pauseTimer();
    }
    requests++;
    down.begin(req);
    exchange = new Exchange(px, down, view);
    exchange.start();
  }

  /** Header checks the decoder does not make; 0 when fine. */
  private int validate(HttpRequest req) {
    var h = req.headers();
    if (h.size() > px.options.maxHeaders()) return 431;
    if (req.protocolVersion().majorVersion() != 1) return 400;
    if (!NginxRequestRules.validMethod(req.method().name())) return 400;
    List<String> hosts = h.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) return 400;
    if (hosts.isEmpty() && req.protocolVersion().equals(HttpVersion.HTTP_1_1)) return 400;
    List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!te.isEmpty()) {
      // Only a single "chunked" coding is forwarded; anything else is a smuggling vector.
      if (te.size() > 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) return 400;
      if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) return 400;
    }
    List<String> cl = h.getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (cl.size() > 1) return 400;
    for (var e : h) {
      String v = e.getValue();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) return 400;
      }
    }
    return 0;
  }

  private void onContent(HttpContent c) {
    if (c.decoderResult().isFailure()) {
      c.release();
      if (exchange != null) {
        exchange.abortBadRequestBody();
      } else {
        rejectAndClose(400);
      }
      return;
    }
    if (exchange == null) {
      c.release();
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (phase == BODY) {
      if (last) pauseTimer();
      else arm(BODY);
    }
    exchange.onRequestContent(c);
  }

  /** Called by the exchange when both its request and its response are complete. */
  void exchangeDone(boolean keepAlive) {
    exchange = null;
    if (!keepAlive || closing || px.quitting) {
      closeAfterFlush();
      return;
    }
    moveTo(ConnectionCounters.State.WAITING);
    arm(IDLE);
    drain();
  }

  private void drain() {
    if (draining) return;
    draining = true;
    try {
      while (!queued.isEmpty() && !closing && (exchange == null || !exchange.requestComplete())) {
        handle(queued.poll());
      }
    } finally {
      draining = false;
    }
    if (!closing && (exchange == null || !exchange.requestComplete())) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Stops reading more requests (the exchange answered while the client still sends). */
  void closeAfterFlush() {
    boolean bodyPending = phase == BODY;
    closing = true;
    timer.cancel();
    releaseQueued();
    closeWhenWritten(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER), bodyPending);
  }

  /**
   * Closes once the answer is written. When the client may still be sending its request body (an
   * answer before the body ended: 413, a plugin exit), closing at once would make its kernel reset
   * the connection and drop the answer unread; so, as nginx's lingering close, the output is
   * half-closed and the rest of the body is read and dropped until the client closes or is silent
   * for {@link #LINGER_MS}.
   */
  private void closeWhenWritten(ChannelFuture written, boolean bodyPending) {
    if (!bodyPending) {
      written.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    written.addListener(f -> {
      if (!f.isSuccess() || !(ctx.channel() instanceof DuplexChannel ch)) {
        ctx.close();
        return;
      }
      ch.shutdownOutput();
      phase = LINGER;
      timer.armMillis(LINGER_MS);
      ch.config().setAutoRead(true);
    });
  }

  /** Answers a request that never became an exchange (bad input, timeouts) and closes. */
  void rejectAndClose(int status) {
    if (closing) return;
    encoder.headRequest = false;
    String id = RequestIds.next();
    ErrorBody body = ErrorBody.forProxyError(status, id, null, null, px.errorDefault);
    byte[] bytes = body.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
    r.headers().set(GatewayHeaders.CONTENT_TYPE, body.contentType());
    r.headers().setInt(GatewayHeaders.CONTENT_LENGTH, bytes.length);
    r.headers().set(GatewayHeaders.CONNECTION, HttpHeaderValues.CLOSE);
    px.gatewayHeaders.rejected(r.headers(), id);
    boolean bodyPending = phase == BODY;
    closing = true;
    timer.cancel();
    releaseQueued();
    closeWhenWritten(ctx.writeAndFlush(r), bodyPending);
  }

  private void releaseQueued() {
    Object o;
    while ((o = queued.poll()) != null) ReferenceCountUtil.release(o);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) exchange.flushUpstream();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) exchange.clientWritabilityChanged(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (counts != null) {
      counts.closed(state);
      counts = null;
    }
    closing = true;
    if (timer != null) timer.cancel();
    releaseQueued();
    if (exchange != null) {
      exchange.clientClosed();
      exchange = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** The client side becomes a byte tunnel (WebSocket): timers stop, the HTTP codec goes away. */
  void upgraded() {
    closing = true; // no further HTTP requests on this connection
    timer.cancel();
    exchange = null;
  }
}
