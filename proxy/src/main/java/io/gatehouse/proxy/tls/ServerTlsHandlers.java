package io.gatehouse.proxy.tls;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * TLS termination for listeners with one certificate (the Admin API and status listeners): the
 * {@link RenegotiationGuard} and the context's {@link SslHandler}, in front of a pipeline, so they
 * follow the same {@link TlsPolicy} as the proxy's listeners.
 */
public final class ServerTlsHandlers {
  private ServerTlsHandlers() {}

  /**
   * Puts TLS first in {@code pipeline}.
   *
   * @param handshakeTimeoutMillis how long a client may take to finish its handshake
   */
  public static void addFirst(ChannelPipeline pipeline, SslContext context, long handshakeTimeoutMillis) {
    SslHandler tls = OcspStapling.newHandler(context, pipeline.channel().alloc());
    tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    pipeline.addFirst("tls", tls);
    pipeline.addFirst("tls-renegotiation-guard", new RenegotiationGuard());
  }
}
