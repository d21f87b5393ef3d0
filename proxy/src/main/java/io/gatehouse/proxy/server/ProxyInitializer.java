package io.gatehouse.proxy.server;

import io.gatehouse.proxy.tls.CertificateSelector;
import io.gatehouse.proxy.tls.SniTlsHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline of an accepted client connection: on TLS listeners the SNI/TLS handler first, then the
 * strict decoder, HEAD-aware encoder, the connection.
 */
public final class ProxyInitializer extends ChannelInitializer<Channel> {
  private final ProxyContext px;
  private final HttpDecoderConfig decoderConfig;
  private final @Nullable CertificateSelector tls;

  /** @param tls the certificate selection of a TLS listener, or null for plain HTTP */
  public ProxyInitializer(ProxyContext px, @Nullable CertificateSelector tls) {
    this.px = px;
    this.tls = tls;
    this.decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(px.options.maxRequestLine())
        .setMaxHeaderSize(px.options.maxHeaderSize())
        .setMaxChunkSize(65536)
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setValidateHeaders(true);
  }

  @Override
  protected void initChannel(Channel ch) {
    if (tls != null) {
      ch.pipeline().addLast("tls", new SniTlsHandler(tls, px.options.clientHeaderTimeout().toMillis()));
    }
    ResponseEncoder encoder = new ResponseEncoder();
    ClientConnection conn = new ClientConnection(px, encoder, tls != null);
    ch.pipeline().addLast("decoder", new RequestDecoder(decoderConfig, conn::readingHead));
    ch.pipeline().addLast("encoder", encoder);
    ch.pipeline().addLast("conn", conn);
  }
}
