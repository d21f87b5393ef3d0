package io.gatehouse.plugins.tcplog;

import io.gatehouse.sdk.LogEntry;
import io.gatehouse.plugins.logqueue.BatchSender;
import io.gatehouse.plugins.logqueue.UnverifiedTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Writes entries as {@code json + "\n"} to the log server over one connection, kept open while it
 * is used at least every {@code keepalive} ms (Kong's {@code setkeepalive}). TLS certificates are
 * not verified, as in Kong. Runs on its queue's thread only.
 */
final class TcpLineSender implements BatchSender {
  private final TcpLogPlugin.Config config;
  private @Nullable Socket socket;
  private long lastUseNanos;

  TcpLineSender(TcpLogPlugin.Config config) {
    this.config = config;
  }

  @Override
  public void send(List<LogEntry> batch) throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(512 * batch.size());
    for (LogEntry entry : batch) {
      lines.writeBytes(entry.toJsonBytes());
      lines.write('\n');
    }
    byte[] bytes = lines.toByteArray();
    Socket s = connection();
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      lastUseNanos = System.nanoTime();
    } catch (IOException e) {
      closeQuietly();
      throw e;
    }
  }

  private Socket connection() throws IOException {
    Socket s = socket;
    boolean idleTooLong = System.nanoTime() - lastUseNanos > (long) (config.keepalive() * 1_000_000);
    if (s != null && !s.isClosed() && !idleTooLong) return s;
    closeQuietly();
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.timeout()));
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(config.host(), config.port()), timeout);
      plain.setSoTimeout(timeout);
      s = config.tls() ? handshake(plain, timeout) : plain;
    } catch (IOException e) {
      plain.close();
      throw e;
    }
    socket = s;
    return s;
  }

  private SSLSocket handshake(Socket plain, int timeout) throws IOException {
    SSLSocket tls = (SSLSocket) UnverifiedTls.context().getSocketFactory().createSocket(plain, config.host(), config.port(), true);
    if (config.tlsSni() != null) {
      SSLParameters params = tls.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(config.tlsSni())));
      tls.setSSLParameters(params);
    }
    tls.setSoTimeout(timeout);
    tls.startHandshake();
    return tls;
  }

  private void closeQuietly() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already broken
      }
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
