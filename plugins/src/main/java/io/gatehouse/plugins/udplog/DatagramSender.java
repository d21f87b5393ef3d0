package io.gatehouse.plugins.udplog;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.UdpSocket;
import java.io.IOException;
import java.util.List;

/** Sends each entry as one datagram holding its JSON (no newline). Runs on its queue's thread only. */
final class DatagramSender implements BatchSender {
  private final UdpSocket socket;

  DatagramSender(String host, int port) {
    this.socket = new UdpSocket(host, port);
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException {
    for (LogEntry entry : batch) socket.send(entry.toJsonBytes());
  }

  @Override
  public void close() {
    socket.close();
  }
}
