package io.gatehouse.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/2 connection to an origin ({@code grpc}/{@code grpcs} services), shared by the streams
 * of many exchanges on one event loop ({@link H2OriginPool}). It is pooled from the moment it starts
 * connecting, so the exchanges that arrive meanwhile wait for it instead of opening their own. It
 * takes no new stream once the origin said GOAWAY, once it carried {@code upstream_keepalive_max_requests}
 * streams, or when the origin's concurrent-stream limit is reached; with no stream open for
 * {@code upstream_keepalive_idle_timeout} it closes.
 */
final class H2Origin extends ChannelInboundHandlerAdapter {
  /** Flow-control windows we give the origin: per stream (what a paused client may leave buffered), and shared. */
  static final int STREAM_WINDOW = 1 << 20;
  static final int CONNECTION_WINDOW = 8 << 20;

  private final H2OriginPool pool;
  private final Promise<Channel> ready;
  private @Nullable Channel ch;
  private @Nullable Http2FrameCodec codec;
  private int open; // streams opened and not yet closed (including those not yet on the wire)
  private int opened; // streams opened in all
  private boolean draining; // no new streams
  private long idleSince;
  private @Nullable ScheduledFuture<?> idleTimer;

  H2Origin(H2OriginPool pool, Promise<Channel> ready) {
    this.pool = pool;
    this.ready = ready;
  }

  /** The origin is connected (and its TLS handshaken): HTTP/2 goes on, streams may open. */
  void connected(Channel ch) {
    this.ch = ch;
    Http2FrameCodec c = Http2FrameCodecBuilder.forClient()
        .initialSettings(Http2Settings.defaultSettings().pushEnabled(false).initialWindowSize(STREAM_WINDOW))
        .validateHeaders(true)
        .build();
    codec = c;
    ch.pipeline().addLast("h2", c);
    ch.pipeline().addLast("h2mux", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
    ch.pipeline().addLast("h2origin", this);
    // the connection's own window starts at 64 KiB whatever the settings say: widen it for the streams it carries
    ch.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
    ch.closeFuture().addListener(f -> closed());
    ready.setSuccess(ch);
  }

  /** Connecting failed: every waiting exchange hears it, and the pool forgets this connection. */
  void failed(Throwable cause) {
    draining = true;
    pool.remove(this);
    ready.tryFailure(cause);
  }

  /** Whether a new stream may be opened on this connection now (or once it is connected). */
  boolean hasRoom() {
    if (draining || ready.isDone() && (!ready.isSuccess() || !ch.isActive())) return false;
    Http2FrameCodec c = codec;
    int limit = c == null ? 100 : c.connection().local().maxActiveStreams();
    return open < limit;
  }

  /** Calls {@code then} with the connection once it is up, or {@code failed} with why it is not. */
  void whenReady(Consumer<Channel> then, Consumer<Throwable> failed) {
    open++; // a stream is promised: counts against the limit while the connection comes up
    ready.addListener((Future<Channel> f) -> {
      if (f.isSuccess()) {
        then.accept(f.getNow());
      } else {
        open--;
        failed.accept(f.cause());
      }
    });
  }

  /** Opens a stream promised by {@link #whenReady}; its pipeline is {@code init}. */
  Future<Http2StreamChannel> openStream(ChannelHandler init) {
    opened++;
    if (opened >= pool.maxRequests) draining = true; // upstream_keepalive_max_requests
    cancelIdle();
    Future<Http2StreamChannel> f = new Http2StreamChannelBootstrap(ch).handler(init).open();
    f.addListener((Future<Http2StreamChannel> s) -> {
      if (s.isSuccess()) s.getNow().closeFuture().addListener(x -> streamClosed());
      else streamClosed();
    });
    return f;
  }

  /** A stream promised by {@link #whenReady} that will not be opened after all (its exchange moved on). */
  void unpromise() {
    streamClosed();
  }

  private void streamClosed() {
    if (--open > 0) return;
    if (draining) {
      if (ch != null) ch.close();
      return;
    }
    idleSince = System.nanoTime();
    if (idleTimer == null && ch != null) {
      idleTimer = ch.eventLoop().schedule(this::idleCheck, pool.idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The idle timer: closes the connection when no stream opened since, else sleeps the rest of the time. */
  private void idleCheck() {
    idleTimer = null;
    if (open > 0 || ch == null) return;
    long left = idleSince + pool.idleTimeoutNanos - System.nanoTime();
    if (left > 0) {
      idleTimer = ch.eventLoop().schedule(this::idleCheck, left, TimeUnit.NANOSECONDS);
    } else {
      draining = true;
      ch.close();
    }
  }

  private void cancelIdle() {
    ScheduledFuture<?> t = idleTimer;
    idleTimer = null;
    if (t != null) t.cancel(false);
  }

  private void closed() {
    draining = true;
    cancelIdle();
    pool.remove(this);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // what the multiplexer passes on: connection-level frames (SETTINGS, PING, GOAWAY)
    if (msg instanceof Http2GoAwayFrame) {
      draining = true; // streams above its last id are failed by the codec; the rest finish
      pool.remove(this);
      if (open == 0) ctx.close();
    }
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // its streams end, and their exchanges hear it
  }

  /** For tests and the log: how many streams are open. */
  int openStreams() {
    return open;
  }
}
