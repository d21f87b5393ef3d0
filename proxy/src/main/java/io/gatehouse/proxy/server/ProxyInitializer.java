package io.gatehouse.proxy.server;

import io.gatehouse.proxy.tls.CertificateSelector;
import io.gatehouse.proxy.tls.SniTlsHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline of an accepted client connection: on TLS listeners the SNI/TLS handler first, then the
 * strict decoder, HEAD-aware encoder, the connection. On an {@code http2} listener a
 * {@link ProtocolSwitch} first picks HTTP/1.x or HTTP/2 ({@link H2Connection}).
 */
public final class ProxyInitializer extends ChannelInitializer<Channel> {
  private final ProxyContext px;
  private final HttpDecoderConfig decoderConfig;
  private final @Nullable CertificateSelector tls;
  private final ListenerProtocols protocols;

  /** @param tls the certificate selection of a TLS listener, or null for plain HTTP */
  public ProxyInitializer(ProxyContext px, @Nullable CertificateSelector tls) {
    this(px, tls, ListenerProtocols.HTTP1);
  }

  /**
   * @param tls the certificate selection of a TLS listener, or null for plain HTTP
   * @param protocols whether the listener speaks HTTP/2 too (on TLS, {@code tls} must offer h2 through ALPN)
   */
  public ProxyInitializer(ProxyContext px, @Nullable CertificateSelector tls, ListenerProtocols protocols) {
    this.px = px;
    this.tls = tls;
    this.protocols = Objects.requireNonNull(protocols, "protocols");
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
    px.channels.add(ch); // for a graceful quit
    if (tls != null) {
      ch.pipeline().addLast("tls", new SniTlsHandler(tls, px.options.clientHeaderTimeout().toMillis()));
    }
    if (protocols == ListenerProtocols.HTTP1) {
      addHttp1(ch.pipeline(), null);
    } else if (tls != null) {
      ch.pipeline().addLast("switch", new ProtocolSwitch.Alpn(this));
    } else {
      ch.pipeline().addLast("switch", new ProtocolSwitch.Preface(this));
    }
  }

  /** The HTTP/1.x handlers, after the handler named {@code after} (a protocol switch). */
  void installHttp1(ChannelPipeline p, String after) {
    addHttp1(p, after);
  }

  private void addHttp1(ChannelPipeline p, @Nullable String after) {
    ResponseEncoder encoder = new ResponseEncoder();
    ClientConnection conn = new ClientConnection(px, encoder, tls != null);
    if (after == null) {
      p.addLast("decoder", new RequestDecoder(decoderConfig, conn::readingHead));
      p.addLast("encoder", encoder);
      p.addLast("conn", conn);
    } else {
      p.addAfter(after, "conn", conn);
      p.addAfter(after, "encoder", encoder);
      p.addAfter(after, "decoder", new RequestDecoder(decoderConfig, conn::readingHead));
    }
  }

  /** The HTTP/2 handlers; {@code sni} is the TLS server name ("" when none), null on h2c. */
  void installH2(Channel ch, @Nullable String sni) {
    H2Connection.install(px, ch, tls != null, sni);
  }

  long headerTimeoutMillis() {
    return px.options.clientHeaderTimeout().toMillis();
  }
}
