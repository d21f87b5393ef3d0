package io.gatehouse.proxy.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * nginx's lingering close for an HTTP/2 connection, between the socket (or TLS) and the HTTP/2 codec.
 * When the connection ends gracefully ({@link H2GracefulClose}: GOAWAY NO_ERROR, then the open streams
 * finish) the client may
 * still be sending: frames for streams it opened before it saw the GOAWAY, WINDOW_UPDATEs, PING ACKs.
 * Closing a socket with unread input makes the kernel send RST, which throws away the answers still in
 * the send buffer and, at the client, the ones it has not read yet. So the close writes out what is
 * pending, half-closes the output (after TLS close_notify), reads and drops whatever comes until the
 * client closes, is silent for {@code lingering_timeout} (5 s) or {@code lingering_time} (30 s) has
 * passed, then closes. Other closes (protocol errors, floods, timeouts) are immediate: an abusive
 * client is not read any further.
 */
final class H2LingeringClose extends ChannelDuplexHandler {
  /** nginx's {@code lingering_timeout}: how long a lingering connection may stay silent. */
  static final long LINGERING_TIMEOUT_MS = 5_000;
  /** nginx's {@code lingering_time}: the longest a connection lingers. */
  static final long LINGERING_TIME_MS = 30_000;

  private boolean lingerOnClose;
  private @Nullable ChannelPromise closing;
  private long lingerEnd;
  private @Nullable ScheduledFuture<?> timer;

  /** The coming close is a graceful one: linger. */
  void lingerOnClose() {
    lingerOnClose = true;
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    ChannelPromise first = closing;
    if (first != null) { // already lingering: this close ends with the first one
      promise = promise.unvoid();
      ChannelPromise later = promise;
      first.addListener(f -> later.trySuccess());
      return;
    }
    if (!lingerOnClose || !ctx.channel().isActive() || !(ctx.channel() instanceof DuplexChannel socket)) {
      ctx.close(promise);
      return;
    }
    ChannelPromise done = promise.unvoid();
    closing = done;
    ctx.channel().closeFuture().addListener(f -> done.trySuccess());
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    // written in order: when this empty write completes, everything the codec wrote is in the socket
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
      if (!written.isSuccess()) {
        ctx.close();
        return;
      }
      if (tls != null) {
        tls.closeOutbound().addListener(notified -> halfClose(ctx, socket));
      } else {
        halfClose(ctx, socket);
      }
    });
  }

  private void halfClose(ChannelHandlerContext ctx, DuplexChannel socket) {
    if (!socket.isActive()) return;
    socket.shutdownOutput().addListener(f -> {
      if (!f.isSuccess()) {
        ctx.close();
        return;
      }
      lingerEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGERING_TIME_MS);
      arm(ctx);
      socket.config().setAutoRead(true);
      ctx.read();
    });
  }

  /** Closes after {@code lingering_timeout} of silence, never later than {@code lingering_time} in all. */
  private void arm(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
    long left = TimeUnit.NANOSECONDS.toMillis(lingerEnd - System.nanoTime());
    timer = ctx.executor().schedule(() -> ctx.close(), Math.max(0, Math.min(LINGERING_TIMEOUT_MS, left)), TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg); // lingering: read and dropped
    if (lingerEnd != 0) arm(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (closing == null) ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (timer != null) timer.cancel(false);
    super.channelInactive(ctx);
  }
}
