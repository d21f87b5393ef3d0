package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Record-header reading of {@link RenegotiationGuard}, whatever the TCP reads cut the records into. */
class RenegotiationGuardTest {
  private static final int CCS = 20;
  private static final int HANDSHAKE = 22;
  private static final int APPLICATION_DATA = 23;

  private static byte[] record(int type, int length) {
    byte[] r = new byte[5 + length];
    r[0] = (byte) type;
    r[1] = 3;
    r[2] = 3;
    r[3] = (byte) (length >> 8);
    r[4] = (byte) length;
    return r;
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuf all = Unpooled.buffer();
    for (byte[] p : parts) all.writeBytes(p);
    byte[] out = new byte[all.readableBytes()];
    all.readBytes(out);
    all.release();
    return out;
  }

  /** Feeds the bytes one at a time; true when the guard closed the channel. */
  private static boolean closesOn(byte[] stream) {
    EmbeddedChannel ch = new EmbeddedChannel(new RenegotiationGuard());
    for (byte b : stream) {
      if (!ch.isOpen()) break;
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    boolean closed = !ch.isOpen();
    Object m;
    while ((m = ch.readInbound()) != null) ((ByteBuf) m).release();
    ch.finishAndReleaseAll();
    return closed;
  }

  @Test
  void aTls12HandshakeAndItsTrafficPass() {
    // ClientHello, ClientKeyExchange, ChangeCipherSpec, Finished, then application data
    assertThat(closesOn(concat(record(HANDSHAKE, 300), record(HANDSHAKE, 70), record(CCS, 1), record(HANDSHAKE, 40),
        record(APPLICATION_DATA, 1000), record(APPLICATION_DATA, 300)))).isFalse();
  }

  @Test
  void aTls13HelloRetryPasses() {
    // ClientHello, (HelloRetryRequest), ChangeCipherSpec, second ClientHello, encrypted rest
    assertThat(closesOn(concat(record(HANDSHAKE, 500), record(CCS, 1), record(HANDSHAKE, 500),
        record(APPLICATION_DATA, 60), record(APPLICATION_DATA, 2000)))).isFalse();
  }

  @Test
  void aSecondClientHelloAfterTheHandshakeCloses() {
    assertThat(closesOn(concat(record(HANDSHAKE, 300), record(CCS, 1), record(HANDSHAKE, 40),
        record(APPLICATION_DATA, 100), record(HANDSHAKE, 300)))).isTrue();
    // straight after the Finished, with no data between
    assertThat(closesOn(concat(record(HANDSHAKE, 300), record(CCS, 1), record(HANDSHAKE, 40),
        record(HANDSHAKE, 300)))).isTrue();
  }
}
