package io.gatehouse.plugins.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A UDP socket on loopback that a sink under test sends to; hands back datagrams as text. */
public final class UdpReceiver implements AutoCloseable {
  private final DatagramSocket socket;

  public UdpReceiver() throws IOException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** The next datagram, waiting up to {@code timeoutMs}; null when none came. */
  public String next(int timeoutMs) throws IOException {
    socket.setSoTimeout(timeoutMs);
    byte[] buf = new byte[65536];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }

  /** The next datagram, failing after 10 s. */
  public String next() throws IOException {
    String d = next(10_000);
    if (d == null) throw new AssertionError("no datagram on port " + port());
    return d;
  }

  /** Exactly {@code n} datagrams, failing when fewer come within 10 s each. */
  public List<String> next(int n, String what) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String d = next(10_000);
      if (d == null) throw new AssertionError(what + ": got " + out.size() + " of " + n + " datagrams: " + out);
      out.add(d);
    }
    return out;
  }

  /** Datagrams that arrive within {@code quietMs} of each other. */
  public List<String> drain(int quietMs) throws IOException {
    List<String> out = new ArrayList<>();
    String d;
    while ((d = next(quietMs)) != null) out.add(d);
    return out;
  }

  @Override
  public void close() {
    socket.close();
  }
}
