package io.gatehouse.proxy.server;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ends an HTTP/2 connection without losing a stream the client already sent ({@code keepalive_requests}
 * reached, or the node quits). Until the client has read the GOAWAY it may keep opening streams, and
 * those are on the wire. Two things keep them safe:
 *
 * <ul>
 *   <li>The GOAWAY's last-stream-id leaves room for {@code http2_max_concurrent_streams} more streams
 *       than the connection has seen: a client cannot have more open than that, so every stream it sent
 *       before reading the GOAWAY is within it and is served. (A last-stream-id of the last stream seen,
 *       nginx's, would make Netty's codec take the DATA of a stream past it for a protocol error and drop
 *       the whole connection, streams in progress included.)</li>
 *   <li>A PING right after the GOAWAY: its ACK comes after everything the client sent before it read the
 *       GOAWAY, so once the ACK is in, those streams have all arrived. Only then is the connection closed
 *       (Netty's graceful close: the open streams finish first). A client that never answers the PING
 *       gets {@link #ACK_WAIT_MS} before the close goes ahead anyway.</li>
 * </ul>
 */
final class H2GracefulClose {
  /** How long to wait for the PING's ACK before closing anyway. */
  static final long ACK_WAIT_MS = 1_000;
  /** The PING's payload, to tell its ACK from the client's own PINGs. */
  static final long PING_PAYLOAD = 0x6761746568737531L;

  private enum State { OPEN, AWAITING_ACK, CLOSING }

  private final Channel ch;
  private final int room;
  private State state = State.OPEN;
  private @Nullable ScheduledFuture<?> ackTimer;

  /** {@code room}: the streams a client may have open, {@code http2_max_concurrent_streams}. */
  H2GracefulClose(Channel ch, int room) {
    this.ch = ch;
    this.room = room;
  }

  /** GOAWAY (NO_ERROR) and the PING; the connection closes once the ACK is in. Once only. */
  void begin() {
    if (state != State.OPEN) return;
    state = State.AWAITING_ACK;
    ch.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(room));
    ch.writeAndFlush(new DefaultHttp2PingFrame(PING_PAYLOAD));
    ackTimer = ch.eventLoop().schedule(this::close, ACK_WAIT_MS, TimeUnit.MILLISECONDS);
  }

  /** True when this was the ACK of our PING (then the close proceeds). */
  boolean onPing(Http2PingFrame ping) {
    if (!ping.ack() || ping.content() != PING_PAYLOAD) return false;
    if (state == State.AWAITING_ACK) close();
    return true;
  }

  private void close() {
    if (state == State.CLOSING) return;
    state = State.CLOSING;
    if (ackTimer != null) ackTimer.cancel(false);
    H2LingeringClose linger = ch.pipeline().get(H2LingeringClose.class);
    if (linger != null) linger.lingerOnClose();
    // through the codec: the GOAWAY went out already, so it waits for the open streams, then closes
    ch.close();
  }

  /** The connection closed: nothing left to wait for. */
  void closed() {
    if (ackTimer != null) ackTimer.cancel(false);
    state = State.CLOSING;
  }
}
