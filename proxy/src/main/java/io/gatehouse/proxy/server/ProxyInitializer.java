package io.gatehouse.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;

/** Pipeline of an accepted client connection: strict decoder, HEAD-aware encoder, the connection. */
public final class ProxyInitializer extends ChannelInitializer<Channel> {
  private final ProxyContext px;
  private final HttpDecoderConfig decoderConfig;

  public ProxyInitializer(ProxyContext px) {
    this.px = px;
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
    ResponseEncoder encoder = new ResponseEncoder();
    ch.pipeline().addLast("decoder", new RequestDecoder(decoderConfig));
    ch.pipeline().addLast("encoder", encoder);
    ch.pipeline().addLast("conn", new ClientConnection(px, encoder));
  }
}
