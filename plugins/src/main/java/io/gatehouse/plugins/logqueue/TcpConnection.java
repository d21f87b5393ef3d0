package io.gatehouse.plugins.logqueue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * One connection to a log or metrics server, kept open while it is used at least every
 * {@code keepaliveMs} (Kong's {@code setkeepalive}) and reopened after an error. TLS certificates are
 * not verified, as in Kong's logging plugins. Used by one queue thread at a time.
 */
public final class TcpConnection implements AutoCloseable {
  private final String host;
  private final int port;
  private final int timeoutMs;
  private final long keepaliveNanos;
  private final boolean tls;
  private final @Nullable String sni;
  private @Nullable Socket socket;
  private long lastUseNanos;

  /**
   * @param timeoutMs connect and write timeout
   * @param keepaliveMs how long an unused connection is kept
   * @param sni the TLS server name (null: none)
   */
  public TcpConnection(String host, int port, double timeoutMs, double keepaliveMs, boolean tls,
      @Nullable String sni) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs));
    this.keepaliveNanos = (long) (keepaliveMs * 1_000_000);
    this.tls = tls;
    this.sni = sni;
  }

  /** A plain connection. */
  public TcpConnection(String host, int port, double timeoutMs, double keepaliveMs) {
    this(host, port, timeoutMs, keepaliveMs, false, null);
  }

  /** Writes these bytes, connecting first when there is no live connection. */
  public void write(byte[] bytes) throws IOException {
    Socket s = connection();
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      lastUseNanos = System.nanoTime();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Socket connection() throws IOException {
    Socket s = socket;
    boolean idleTooLong = System.nanoTime() - lastUseNanos > keepaliveNanos;
    if (s != null && !s.isClosed() && !idleTooLong) return s;
    close();
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), timeoutMs);
      plain.setSoTimeout(timeoutMs);
      s = tls ? handshake(plain) : plain;
    } catch (IOException e) {
      plain.close();
      throw e;
    }
    socket = s;
    return s;
  }

  private SSLSocket handshake(Socket plain) throws IOException {
    SSLSocket s = (SSLSocket) UnverifiedTls.context().getSocketFactory().createSocket(plain, host, port, true);
    if (sni != null) {
      SSLParameters params = s.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(sni)));
      s.setSSLParameters(params);
    }
    s.setSoTimeout(timeoutMs);
    s.startHandshake();
    return s;
  }

  @Override
  public void close() {
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
}
