package io.gatehouse.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses client-initiated renegotiation, as nginx does: sits in front of the TLS handler and reads
 * only record headers (type and length are in clear text in every TLS version). After the client's
 * ChangeCipherSpec a client sends exactly one handshake record (its Finished, or a TLS 1.3 second
 * ClientHello after a HelloRetryRequest); a later one is a new ClientHello, and the connection is
 * closed. TLS 1.3 hides later handshake messages inside application-data records and has no
 * renegotiation, so its connections are never affected.
 *
 * <p>The JDK's own switch ({@code jdk.tls.rejectClientInitiatedRenegotiation}) is read once per
 * process, whenever the first handshake happens to run; this guard does not depend on that order.
 */
final class RenegotiationGuard extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RenegotiationGuard.class);
  private static final int CHANGE_CIPHER_SPEC = 20;
  private static final int HANDSHAKE = 22;
  private static final int HEADER = 5;

  private final byte[] header = new byte[HEADER];
  private int headerRead;
  /** Bytes of the current record's body still to pass before the next header. */
  private int bodyLeft;
  private boolean changedCipherSpec;
  private int handshakesAfterChange;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf && renegotiates(buf)) {
      ReferenceCountUtil.release(msg);
      log.debug("{}: client-initiated TLS renegotiation refused; connection closed", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    ctx.fireChannelRead(msg);
  }

  /** Walks the record headers in {@code buf} (without consuming it); true at a renegotiation attempt. */
  private boolean renegotiates(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      if (bodyLeft > 0) {
        int skip = Math.min(bodyLeft, end - i);
        bodyLeft -= skip;
        i += skip;
        continue;
      }
      header[headerRead++] = buf.getByte(i++);
      if (headerRead < HEADER) continue;
      headerRead = 0;
      bodyLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
      int type = header[0] & 0xff;
      if (type == CHANGE_CIPHER_SPEC) {
        changedCipherSpec = true;
      } else if (type == HANDSHAKE && changedCipherSpec && ++handshakesAfterChange > 1) {
        return true;
      }
    }
    return false;
  }
}
