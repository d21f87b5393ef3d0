package io.gatehouse.plugins.udplog;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
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
  public void send(List<JsonNode> batch) throws IOException {
    for (JsonNode entry : batch) socket.send(Json.MAPPER.writeValueAsBytes(entry));
  }

  @Override
  public void close() {
    socket.close();
  }
}
