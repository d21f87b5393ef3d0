package io.gatehouse.plugins.tcplog;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.TcpConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Writes entries as {@code json + "\n"} to the log server over one connection, kept open while it
 * is used at least every {@code keepalive} ms (Kong's {@code setkeepalive}). TLS certificates are
 * not verified, as in Kong. Runs on its queue's thread only.
 */
final class TcpLineSender implements BatchSender {
  private final TcpConnection connection;

  TcpLineSender(TcpLogPlugin.Config config) {
    this.connection = new TcpConnection(config.host(), config.port(), config.timeout(), config.keepalive(),
        config.tls(), config.tlsSni());
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(512 * batch.size());
    for (LogEntry entry : batch) {
      lines.writeBytes(entry.toJsonBytes());
      lines.write('\n');
    }
    connection.write(lines.toByteArray());
  }

  @Override
  public void close() {
    connection.close();
  }
}
