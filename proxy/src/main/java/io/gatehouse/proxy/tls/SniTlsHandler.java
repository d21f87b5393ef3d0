package io.gatehouse.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a TLS client connection: reads the ClientHello's server name, lets the
 * {@link CertificateSelector} pick the certificate, and replaces itself with the {@link SslHandler}.
 * Waiting for the ClientHello and the rest of the handshake share one deadline (nginx bounds its
 * handshake by {@code client_header_timeout}); a client that misses it is disconnected. A
 * {@link RenegotiationGuard} in front refuses client-initiated renegotiation.
 */
public final class SniTlsHandler extends SniHandler {
  /** A ClientHello is a few KiB at most, even with post-quantum key shares; more is not a client. */
  private static final int MAX_CLIENT_HELLO = 64 * 1024;

  private final long deadlineNanos;

  public SniTlsHandler(CertificateSelector selector, long handshakeTimeoutMillis) {
    super(selector, MAX_CLIENT_HELLO, handshakeTimeoutMillis);
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(handshakeTimeoutMillis);
  }

  /** The renegotiation guard goes in front, so it sees every record from the ClientHello on. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    ctx.pipeline().addBefore(ctx.name(), ctx.name() + "-renegotiation-guard", new RenegotiationGuard());
    super.handlerAdded(ctx);
  }

  @Override
  protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
    SslHandler handler = OcspStapling.newHandler(context, allocator);
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    handler.setHandshakeTimeoutMillis(Math.max(1, leftMillis));
    return handler;
  }
}
