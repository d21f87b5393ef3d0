package io.gatehouse.proxy.server;

import io.gatehouse.proxy.events.TryView;
import io.gatehouse.proxy.runtime.ServiceTarget;
import io.gatehouse.proxy.tls.UpstreamTls;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One upstream try of an {@link Exchange}: the peer, the connection (pooled, or connected and TLS
 * handshaken on the exchange's event loop), writing the request, the read/write timer, and giving
 * the connection back to the pool or closing it. Outcomes go to the exchange: connected, failed,
 * and (through {@link UpstreamHandler}) the origin's response. One instance serves all tries of an
 * exchange; it is also the {@link TryView} of the try in flight. This one speaks HTTP/1.1; a
 * {@code grpc}/{@code grpcs} service's tries are {@link GrpcAttempt}s (a stream on a shared HTTP/2
 * connection), which replace how the connection is had, how the head and body are written and
 * what happens to the connection afterwards.
 */
class UpstreamAttempt implements TryView {
  static final String RESPONSE_DECODER = "response-decoder";

  final Exchange x;
  final ProxyContext px;
  final ChannelFutureListener writeCheck = this::checkWrite;

  private @Nullable Peer peer; // the peer of the try in flight; null once its observer heard ended()
  private @Nullable InetSocketAddress address;
  private int number;
  private @Nullable Channel channel;
  private @Nullable UpstreamHandler handler;
  UpstreamPool.@Nullable Key poolKey;
  private @Nullable Deadline timer; // the connection's, while attached
  private boolean timerIsWrite;
  int connectAttempts; // the newest connect is the only one whose outcome counts
  private int sends; // requests written, stale-connection replays included
  boolean reused; // the try runs on a pooled keep-alive connection
  boolean writeFailed;
  boolean requestSent;
  boolean bodyWritten; // the end of the body went out on this connection
  boolean inInterim; // between an origin's 1xx head and its end (our own 100 Continue already went out)
  boolean keepAlive; // the origin keeps the connection after this response
  long startNanos;
  long connectedNanos = -1;
  long headNanos = -1;
  private int status;
  @Nullable String failure;

  UpstreamAttempt(Exchange x, ProxyContext px) {
    this.x = x;
    this.px = px;
  }

  /** A new try against {@code p} begins. */
  void begin(Peer p, int number) {
    this.peer = p;
    this.address = p.address();
    this.number = number;
    this.status = 0;
    this.failure = null;
    this.headNanos = -1;
    this.inInterim = false;
  }

  @Nullable Peer peer() {
    return peer;
  }

  @Nullable Channel channel() {
    return channel;
  }

  @Nullable UpstreamHandler handler() {
    return handler;
  }

  int sends() {
    return sends;
  }

  String where() {
    return String.valueOf(poolKey == null ? address : poolKey.address());
  }

  /** Opens (or reuses) a connection to the current peer; the exchange hears {@code onConnected} or a failure. */
  void connect(ServiceTarget target, @Nullable String serverName, boolean allowPooled, boolean websocket) {
    int attempt = ++connectAttempts;
    InetSocketAddress address = peer.address();
    UpstreamTls tls = target.upstreamTls();
    poolKey = new UpstreamPool.Key(address, tls, serverName);
    startNanos = System.nanoTime();
    connectedNanos = -1;
    writeFailed = false;
    requestSent = false;
    bodyWritten = false;
    Channel pooled = websocket || !allowPooled ? null : px.pool().acquire(poolKey);
    reused = pooled != null;
    if (pooled != null) {
      attach(pooled);
      x.onConnected();
      return;
    }
    int connectTimeout = target.service().connectTimeout();
    ChannelFuture cf = new Bootstrap()
        .group(x.down.eventLoop())
        .channel(px.transport.socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc(), serverName, address.getPort(), connectTimeout));
            }
            UpstreamResponseDecoder decoder = new UpstreamResponseDecoder();
            ch.pipeline().addLast(RESPONSE_DECODER, decoder);
            ch.pipeline().addLast("upstream", new UpstreamHandler(px.pool(), decoder));
          }
        })
        .connect(address);
    cf.addListener(f -> {
      if (x.over() || attempt != connectAttempts) { // over, or superseded by a newer try
        if (cf.isSuccess()) cf.channel().close();
        return;
      }
      if (cf.isSuccess()) {
        SslHandler ssl = cf.channel().pipeline().get(SslHandler.class);
        if (ssl == null) {
          connected(cf.channel());
        } else {
          ssl.handshakeFuture().addListener(h -> onHandshake(h, cf.channel(), attempt, address));
        }
      } else {
        boolean timeout = cf.cause() instanceof ConnectTimeoutException;
        x.onUpstreamFailure(timeout, false, (timeout ? "connect timeout to " : connectError(cf.cause()) + " to ") + address);
      }
    });
  }

  /** Like nginx, the TLS handshake is part of connecting: a failed one is a connect error, retried per {@code retries}. */
  private void onHandshake(Future<?> h, Channel ch, int attempt, InetSocketAddress address) {
    if (x.over() || attempt != connectAttempts) {
      ch.close();
      return;
    }
    if (h.isSuccess()) {
      connected(ch);
      return;
    }
    ch.close();
    boolean timeout = h.cause() instanceof SslHandshakeTimeoutException;
    x.onUpstreamFailure(timeout, false, timeout ? "TLS handshake timeout with " + address
        : "TLS handshake failed with " + address + ": " + h.cause().getMessage());
  }

  void connected(Channel ch) {
    connectedNanos = System.nanoTime();
    attach(ch);
    x.onConnected();
  }

  static String connectError(Throwable cause) {
    String m = String.valueOf(cause.getMessage());
    return cause instanceof java.net.ConnectException && m.toLowerCase(Locale.ROOT).contains("refused")
        ? "connection refused" : "connect failed (" + m + ")";
  }

  void attach(Channel ch) {
    channel = ch;
    UpstreamHandler h = ch.pipeline().get(UpstreamHandler.class);
    handler = h;
    h.exchange = x;
    ch.config().setAutoRead(true);
    timer = h.timer(ch.eventLoop());
  }

  // ------------------------------------------------------------------ writing the request

  /** Writes the request head (the exchange's {@link UpstreamRequestHead}); the body follows through {@link #writeBody}. */
  void sendHead(String method, String uri, HttpHeaders headers) {
    ByteBuf head = x.upstreamHead.write(channel.alloc(), method, uri, headers);
    handler.decoder.headRequest = method.equals("HEAD");
    channel.write(head).addListener(writeCheck);
    headSent();
  }

  /** Counts a request head written on the try's connection. */
  final void headSent() {
    requestSent = true;
    sends++;
  }

  void writeBody(HttpContent c, boolean chunked) {
    if (c instanceof io.netty.handler.codec.http.LastHttpContent) bodyWritten = true;
    BodyFraming.write(channel, c, chunked, writeCheck);
  }

  /** The end of a body-less request again (its first end marker went to an earlier connection). */
  void writeEmptyEnd(boolean chunked) {
    BodyFraming.write(channel, io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT, chunked, writeCheck);
  }

  void flush() {
    if (channel != null) channel.flush();
  }

  boolean writable() {
    return channel != null && channel.isWritable();
  }

  /**
   * A failed write ends the try — but only if it was written on the try's current connection: writes
   * queued on a connection we already gave up (closed for a replay or a retry) fail too, and must
   * not end the next try.
   */
  private void checkWrite(Future<?> f) {
    if (!f.isSuccess() && !x.answered() && ((ChannelFuture) f).channel() == channel) {
      writeFailed = true;
      x.onUpstreamFailure(false, true, "write failed" + (reused ? " on a reused connection" : "") + " to " + where());
    }
  }

  // ------------------------------------------------------------------ timer

  /** The write timeout while the upstream pushes back on the body, the read timeout once the request is sent. */
  void armTimer(boolean requestComplete, ServiceTarget target) {
    Deadline t = timer;
    if (t == null) return;
    if (!requestComplete && channel != null && !channel.isWritable()) {
      timerIsWrite = true;
      t.armMillis(target.service().writeTimeout());
    } else if (requestComplete) {
      timerIsWrite = false;
      t.armMillis(target.service().readTimeout());
    } else {
      t.disarm();
    }
  }

  /** The origin said something: the read timeout starts over. */
  void readProgress(boolean requestComplete, ServiceTarget target) {
    if (timer != null && !timerIsWrite && requestComplete) timer.armMillis(target.service().readTimeout());
  }

  boolean timerIsWrite() {
    return timerIsWrite;
  }

  /**
   * Lets go of the connection's timer. It belongs to the connection and serves its next exchange:
   * disarmed, not cancelled (a closing connection cancels it).
   */
  private void dropTimer() {
    Deadline t = timer;
    timer = null;
    if (t != null) t.disarm();
  }

  // ------------------------------------------------------------------ outcome

  /** The response head arrived: the balancer hears it; figures for the log and the listeners. */
  long responded(int code) {
    headNanos = System.nanoTime();
    status = code;
    long nanos = headNanos - startNanos;
    if (peer != null) peer.observer().responded(code, nanos);
    return nanos;
  }

  /** The origin switched protocols (WebSocket): the try ends with its 101, which is no response for the balancer. */
  void switched() {
    headNanos = System.nanoTime();
    status = 101;
  }

  /** The try failed: its peer's observer hears it, then the try ends. */
  void failed(boolean timeout, String reason) {
    failure = reason;
    if (peer != null) peer.observer().failed(timeout);
    endTry();
  }

  /** Tells the peer's observer the try is over (once). */
  void endTry() {
    Peer p = peer;
    peer = null;
    if (p != null) p.observer().ended();
  }

  /** Takes the connection away from this exchange (for a tunnel or the pool); null when there is none. */
  @Nullable Channel detach() {
    dropTimer();
    Channel ch = channel;
    channel = null;
    UpstreamHandler h = handler;
    handler = null;
    if (h != null && h.exchange == x) h.exchange = null;
    return ch;
  }

  /** The response is complete: the connection goes back to the pool when it may, else it closes. */
  void release(boolean requestComplete) {
    endTry();
    Channel ch = detach();
    if (ch == null) return;
    if (keepAlive && requestComplete && px.pool().countUse(ch)) {
      px.pool().release(poolKey, ch);
    } else {
      ch.close();
    }
  }

  /** Closes the connection (a failure, or an exchange cut short); the peer's try ends too unless {@code keepTry}. */
  void close(boolean keepTry) {
    if (!keepTry) endTry();
    Channel ch = detach();
    if (ch != null) ch.close();
  }

  // ------------------------------------------------------------------ TryView

  @Override
  public int number() {
    return number;
  }

  @Override
  public InetSocketAddress target() {
    return address;
  }

  @Override
  public boolean reused() {
    return reused;
  }

  @Override
  public long connectNanos() {
    if (reused) return 0;
    return connectedNanos < 0 ? -1 : connectedNanos - startNanos;
  }

  @Override
  public long firstByteNanos() {
    return headNanos < 0 ? -1 : headNanos - startNanos;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public @Nullable String failure() {
    return failure;
  }
}
