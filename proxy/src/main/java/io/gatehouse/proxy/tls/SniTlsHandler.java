package io.gatehouse.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a TLS client connection: reads the ClientHello's server name, lets the
 * {@link CertificateSelector} pick the certificate, and replaces itself with the {@link SslHandler}.
 * Waiting for the ClientHello and the rest of the handshake share one deadline (nginx bounds its
 * handshake by {@code client_header_timeout}); a client that misses it is disconnected.
 */
public final class SniTlsHandler extends SniHandler {
  /** A ClientHello is a few KiB at most, even with post-quantum key shares; more is not a client. */
  private static final int MAX_CLIENT_HELLO = 64 * 1024;

  private final long deadlineNanos;

  public SniTlsHandler(CertificateSelector selector, long handshakeTimeoutMillis) {
    super(selector, MAX_CLIENT_HELLO, handshakeTimeoutMillis);
    this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(handshakeTimeoutMillis);
  }

  @Override
  protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
    SslHandler handler = super.newSslHandler(context, allocator);
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    handler.setHandshakeTimeoutMillis(Math.max(1, leftMillis));
    return handler;
  }
}
