package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder, made strict where it is lenient by design:
 *
 * <ul>
 *   <li>Transfer-Encoding together with Content-Length is rejected instead of having its
 *       Content-Length dropped (RFC 9112 §6.1 allows either; rejecting closes the smuggling vector);
 *   <li>obs-fold (a header line starting with SP/HT) is rejected instead of being unfolded
 *       (RFC 9112 §5.2 lets a server reject it).
 * </ul>
 */
final class RequestDecoder extends HttpRequestDecoder {
  /** Told when bytes of a request head arrive (the connection's reading/waiting counters). */
  private final Runnable headBytesArrived;
  private boolean expectingHeaders = true;

  RequestDecoder(HttpDecoderConfig config, Runnable headBytesArrived) {
    super(config);
    this.headBytesArrived = headBytesArrived;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (expectingHeaders) headBytesArrived.run();
    if (expectingHeaders && hasObsFold(in)) {
      in.skipBytes(in.readableBytes());
      FullHttpRequest bad = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
          Unpooled.EMPTY_BUFFER);
      bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("obs-fold in header section")));
      out.add(bad);
      return;
    }
    int before = out.size();
    super.decode(ctx, in, out);
    for (int i = before; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof LastHttpContent) expectingHeaders = true;
      else if (o instanceof HttpRequest) expectingHeaders = false;
    }
  }

  /** A LF followed by SP/HT before the end of the header section. */
  private static boolean hasObsFold(ByteBuf in) {
    int end = in.writerIndex();
    int p = in.indexOf(in.readerIndex(), end, (byte) '\n');
    while (p >= 0 && p + 1 < end) {
      byte next = in.getByte(p + 1);
      if (next == ' ' || next == '\t') return true;
      if (next == '\r' || next == '\n') return false;
      p = in.indexOf(p + 1, end, (byte) '\n');
    }
    return false;
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
  }
}
