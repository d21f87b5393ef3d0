package io.gatehouse.plugins.statsd;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.plugins.logqueue.EntryTrees;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.NodeHostname;
import io.gatehouse.plugins.logqueue.TcpConnection;
import io.gatehouse.plugins.logqueue.UdpSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch's statsd lines: over TCP one line each ending in {@code \n}; over UDP one datagram
 * per line, or with {@code udp_packet_size} lines joined by {@code \n} into datagrams up to that
 * size, the rest sent when the batch ends (Kong's {@code statsd_logger.lua}, its size accounting
 * included). Runs on its queue's thread only.
 */
final class StatsdSender implements BatchSender {
  private static final Logger LOG = LoggerFactory.getLogger(StatsdSender.class);
  /** Kong's TCP connect and send timeout. */
  private static final int TCP_TIMEOUT_MS = 1000;
  /** The cosocket pool's default keepalive. */
  private static final int TCP_KEEPALIVE_MS = 60_000;

  private final StatsdMetrics metrics;
  private final int packetSize;
  private final @Nullable UdpSocket udp;
  private final @Nullable TcpConnection tcp;
  private final String host;
  private final int port;
  private final List<byte[]> buffered = new ArrayList<>();
  private int bufferedSize;
  private int failures;
  private String lastFailure = "";

  StatsdSender(StatsdConfig config) {
    this.metrics = new StatsdMetrics(config, NodeHostname.get().replace('.', '_'));
    this.packetSize = (int) config.udpPacketSize();
    this.host = config.host();
    this.port = config.port();
    this.udp = config.useTcp() ? null : new UdpSocket(config.host(), config.port());
    this.tcp = config.useTcp() ? new TcpConnection(config.host(), config.port(), TCP_TIMEOUT_MS, TCP_KEEPALIVE_MS) : null;
  }


  /**
   * Over TCP the batch's lines go in one write, and a failure fails the batch (the queue retries it,
   * as Kong's queue retries a logger that could not connect). Over UDP a datagram that cannot be sent
   * is logged and the rest still go, as in Kong.
   */
  @Override
  public void send(List<LogEntry> entries) throws IOException {
    List<JsonNode> batch = EntryTrees.of(entries);
    if (tcp != null) {
      StringBuilder lines = new StringBuilder();
      for (JsonNode message : batch) {
        for (String line : metrics.lines(message)) lines.append(line).append('\n');
      }
      if (!lines.isEmpty()) tcp.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      return;
    }
    failures = 0;
    for (JsonNode message : batch) {
      for (String line : metrics.lines(message)) add(line.getBytes(StandardCharsets.UTF_8));
    }
    if (bufferedSize > 0) datagram(joined()); // the batch is done: send what is left
    buffered.clear();
    bufferedSize = 0;
    if (failures > 0) {
      LOG.error("statsd: {} datagrams to {}:{} could not be sent: {}", failures, host, port, lastFailure);
    }
  }

  private void add(byte[] line) {
    if (packetSize <= 0) {
      datagram(line);
      return;
    }
    int size = line.length;
    if (bufferedSize + size <= packetSize) {
      buffered.add(line);
      bufferedSize += size + 1; // the newline that will join it to the next
      return;
    }
    boolean alone = bufferedSize == 0;
    if (alone) {
      LOG.warn("statsd: udp_packet_size {} is smaller than a single line of {} bytes; the datagram may be truncated",
          packetSize, size);
    }
    byte[] full = joined();
    buffered.clear();
    buffered.add(line);
    bufferedSize = size;
    if (!alone) datagram(full);
  }

  /** The buffered lines joined by newlines. */
  private byte[] joined() {
    int n = 0;
    for (byte[] b : buffered) n += b.length + 1;
    byte[] out = new byte[Math.max(0, n - 1)];
    int at = 0;
    for (byte[] b : buffered) {
      if (at > 0) out[at++] = '\n';
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    return out;
  }

  private void datagram(byte[] bytes) {
    try {
      udp().send(bytes);
    } catch (IOException e) {
      failures++;
      lastFailure = e.toString();
    }
  }

  private UdpSocket udp() {
    if (udp == null) throw new IllegalStateException("statsd over tcp");
    return udp;
  }

  @Override
  public void close() {
    if (udp != null) udp.close();
    if (tcp != null) tcp.close();
  }
}
