package io.gatehouse.plugins.logqueue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A datagram socket to one log or metrics server, opened when first used (so a name that resolves
 * later still works) and reopened after an error. Used by one queue thread at a time.
 */
public final class UdpSocket implements AutoCloseable {
  private final String host;
  private final int port;
  private @Nullable DatagramChannel channel;

  public UdpSocket(String host, int port) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
  }

  /** Sends one datagram holding these bytes. */
  public void send(byte[] datagram) throws IOException {
    DatagramChannel ch = channel;
    if (ch == null || !ch.isOpen()) {
      ch = channel = DatagramChannel.open().connect(new InetSocketAddress(host, port));
    }
    try {
      ch.write(ByteBuffer.wrap(datagram));
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    DatagramChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already unusable
      }
    }
  }
}
