package io.gatehouse.proxy.server;

import io.gatehouse.proxy.upstream.UpstreamPool;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;

/** The last handler of an upstream connection: hands what the origin says to the current exchange. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  @Nullable Exchange exchange;
  final UpstreamPool pool;
  final @Nullable UpstreamResponseDecoder decoder; // null on an HTTP/2 stream (GrpcAttempt)

  private @Nullable Deadline timer;

  UpstreamHandler(UpstreamPool pool, @Nullable UpstreamResponseDecoder decoder) {
    this.pool = pool;
    this.decoder = decoder;
  }

  /**
   * The read/write timeout of this connection, shared by the exchanges it serves one after the
   * other: re-arming it per request is a field write, not a scheduled task per request.
   */
  Deadline timer(EventExecutor loop) {
    Deadline t = timer;
    if (t == null) {
      t = new Deadline(loop, this::onTimeout);
      timer = t;
    }
    return t;
  }

  private void onTimeout() {
    Exchange e = exchange;
    if (e != null) e.onUpstreamTimeout();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange e = exchange;
    if (e == null || !(msg instanceof HttpObject o)) {
      // Bytes on an idle pooled connection: the origin broke the protocol; drop the connection.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    e.onUpstreamMessage(o);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    if (e != null) e.flushClient();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange e = exchange;
    if (e != null) e.upstreamWritabilityChanged(ctx.channel().isWritable());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel();
    Exchange e = exchange;
    exchange = null;
    if (e != null) e.onUpstreamClosed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
