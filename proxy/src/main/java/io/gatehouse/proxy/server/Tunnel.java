package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;

/** Relays raw bytes between two channels after a protocol upgrade, with auto-read backpressure. */
final class Tunnel extends ChannelInboundHandlerAdapter {
  private final Channel peer;

  private Tunnel(Channel peer) {
    this.peer = peer;
  }

  /** Turns both pipelines into relays; bytes the HTTP decoders still hold are passed on. */
  static void join(Channel client, Channel upstream) {
    ChannelPipeline cp = client.pipeline();
    cp.replace(ClientConnection.class, "tunnel", new Tunnel(upstream));
    cp.remove(ResponseEncoder.class);
    cp.remove(RequestDecoder.class);
    ChannelPipeline up = upstream.pipeline();
    up.replace(UpstreamHandler.class, "tunnel", new Tunnel(client));
    up.remove(UpstreamAttempt.RESPONSE_DECODER); // passes on what it still holds
    client.config().setAutoRead(true);
    upstream.config().setAutoRead(true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      if (!peer.isActive()) {
        buf.release();
        return;
      }
      peer.write(buf, peer.voidPromise());
      if (!peer.isWritable()) {
        ctx.channel().config().setAutoRead(false); // before flushing: the flush may make it writable again
        peer.flush();
      }
    } else {
      ReferenceCountUtil.release(msg); // e.g. the empty end marker of the 101 response
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    peer.config().setAutoRead(ctx.channel().isWritable());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peer.isActive()) peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
