package io.gatehouse.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EchoUpstream#close()} stands for killing an origin: every connection it accepted must be
 * closed, so a peer holding a pooled keep-alive connection sees the end of it. Netty 4.2's event
 * loop may end a {@code shutdownGracefully(0, …)} without closing its channels when the shutdown is
 * requested while the loop runs tasks (here: right after it ran the server channel's close); the
 * accepted sockets then stayed open with no one reading them, a black hole instead of a dead origin.
 */
class EchoUpstreamCloseTest {

  @Test
  void closeEndsEveryAcceptedConnection() throws Exception {
    for (int round = 0; round < 200; round++) {
      EchoUpstream origin = EchoUpstream.start();
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", origin.port());
      List<RawClient> clients = new ArrayList<>();
      boolean closed = false;
      try {
        for (int i = 0; i < 4; i++) {
          RawClient c = new RawClient(address, 5000);
          clients.add(c);
          c.send("GET /k HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(c.readOne().status()).isEqualTo(200); // a served keep-alive connection, as in a pool
        }
        closed = true;
        origin.close();
        assertThat(origin.openConnections()).as("round %d: connections left open by close()", round).isZero();
        for (RawClient c : clients) {
          assertThat(c.isClosedByPeer()).as("round %d: the client saw the connection end", round).isTrue();
        }
      } finally {
        for (RawClient c : clients) c.close();
        if (!closed) origin.close();
      }
    }
  }
}
