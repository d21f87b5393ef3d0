package io.gatehouse.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes body pieces after a head that went out as bytes ({@link ForwardedHead},
 * {@link UpstreamRequestHead}): as they are when the head gave a length, else as HTTP/1.1 chunks
 * ending with the last chunk and any trailers. The decoders hand bodies over without framing.
 */
final class BodyFraming {
  private static final ByteBuf CRLF = Unpooled.unreleasableBuffer(Unpooled.directBuffer(2).writeByte('\r').writeByte('\n'))
      .asReadOnly();
  private static final ByteBuf LAST_CHUNK = Unpooled.unreleasableBuffer(
      Unpooled.directBuffer(5).writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

  private BodyFraming() {}

  /**
   * Writes one piece (taking ownership of it); {@code onWrite} hears each write's outcome, or
   * null for void promises (a failure then closes the channel through its exception handler).
   */
  static void write(ChannelOutboundInvoker out, HttpContent c, boolean chunked, @Nullable ChannelFutureListener onWrite) {
    ByteBuf data = c.content();
    if (!chunked) {
      send(out, data, onWrite);
      return;
    }
    int n = data.readableBytes();
    if (n > 0) {
      ByteBuf size = data.alloc().directBuffer(10);
      ByteBufUtil.writeAscii(size, Integer.toHexString(n));
      size.writeByte('\r').writeByte('\n');
      send(out, size, onWrite);
      send(out, data, onWrite);
      send(out, CRLF.duplicate(), onWrite);
    } else {
      data.release();
    }
    if (c instanceof LastHttpContent last) {
      HttpHeaders trailers = last.trailingHeaders();
      if (trailers.isEmpty()) {
        send(out, LAST_CHUNK.duplicate(), onWrite);
      } else {
        StringBuilder sb = new StringBuilder("0\r\n");
        trailers.forEach(e -> sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n"));
        send(out, Unpooled.copiedBuffer(sb.append("\r\n"), StandardCharsets.ISO_8859_1), onWrite);
      }
    }
  }

  private static void send(ChannelOutboundInvoker out, ByteBuf buf, @Nullable ChannelFutureListener onWrite) {
    if (onWrite == null) out.write(buf, out.voidPromise());
    else out.write(buf).addListener(onWrite);
  }
}
