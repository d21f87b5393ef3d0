package io.gatehouse.plugins.udplog;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sends each entry as one datagram holding its JSON (no newline). Runs on its queue's thread only. */
final class DatagramSender implements BatchSender {
  private final String host;
  private final int port;
  private @Nullable DatagramChannel channel;

  DatagramSender(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException {
    DatagramChannel ch = channel;
    if (ch == null || !ch.isOpen()) {
      // resolved when first used, so a name that resolves later still works
      ch = channel = DatagramChannel.open().connect(new InetSocketAddress(host, port));
    }
    try {
      for (LogEntry entry : batch) ch.write(ByteBuffer.wrap(entry.toJsonBytes()));
    } catch (IOException e) {
      ch.close();
      channel = null;
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
