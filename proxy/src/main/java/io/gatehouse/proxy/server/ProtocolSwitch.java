package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Picks HTTP/1.x or HTTP/2 for a connection of an {@code http2} listener, installs that pipeline
 * after itself and leaves. The HTTP/1.x handlers are installed late, so they are told the
 * connection is active (and, on TLS, its server name and handshake) as if they had been there.
 */
final class ProtocolSwitch {
  private ProtocolSwitch() {}

  /** TLS: the protocol the handshake's ALPN chose. */
  static final class Alpn extends ChannelInboundHandlerAdapter {
    private final ProxyInitializer init;
    private @Nullable SniCompletionEvent sni;

    Alpn(ProxyInitializer init) {
      this.init = init;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      // held back: the HTTP pipeline is not there yet
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof SniCompletionEvent e) {
        sni = e;
        return;
      }
      if (!(evt instanceof SslHandshakeCompletionEvent e)) {
        super.userEventTriggered(ctx, evt);
        return;
      }
      if (!e.isSuccess()) {
        ctx.close();
        return;
      }
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      String chosen = ssl == null ? null : ssl.applicationProtocol();
      if (ApplicationProtocolNames.HTTP_2.equals(chosen)) {
        String name = sni != null && sni.isSuccess() && sni.hostname() != null ? sni.hostname() : "";
        ctx.pipeline().remove(this);
        init.installH2(ctx.channel(), name);
        return;
      }
      init.installHttp1(ctx.pipeline(), ctx.name());
      ctx.fireChannelActive();
      if (sni != null) ctx.fireUserEventTriggered(sni);
      ctx.fireUserEventTriggered(evt);
      ctx.pipeline().remove(this);
    }
  }

  /**
   * Plain HTTP: h2c with prior knowledge when the first bytes are the HTTP/2 connection preface,
   * else HTTP/1.x. The bytes read so far go on to the chosen pipeline.
   */
  static final class Preface extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final ProxyInitializer init;
    private @Nullable ScheduledFuture<?> deadline;

    Preface(ProxyInitializer init) {
      this.init = init;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      // a client that sends nothing is bounded like an HTTP/1.x one waiting for its head
      deadline = ctx.executor().schedule(() -> {
        ctx.close();
      }, init.headerTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      int n = Math.min(in.readableBytes(), PREFACE.length);
      int start = in.readerIndex();
      for (int i = 0; i < n; i++) {
        if (in.getByte(start + i) != PREFACE[i]) {
          choose(ctx, false);
          return;
        }
      }
      if (n == PREFACE.length) choose(ctx, true);
    }

    private void choose(ChannelHandlerContext ctx, boolean h2) {
      if (deadline != null) deadline.cancel(false);
      if (h2) {
        init.installH2(ctx.channel(), null);
      } else {
        init.installHttp1(ctx.pipeline(), ctx.name());
        ctx.fireChannelActive();
      }
      ctx.pipeline().remove(this); // hands the bytes read so far to what was installed
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
      if (deadline != null) deadline.cancel(false);
    }
  }
}
