package io.gatehouse.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over one socket the test holds, so it can prove a connection stayed open across an event
 * (a reload): each {@link #get} writes a request on the same socket and reads one whole response.
 */
final class RawHttp implements AutoCloseable {
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  Socket socket() {
    return socket;
  }

  Response get(String path, String host) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line();
    if (statusLine == null) throw new IOException("connection closed before a response");
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.merge(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** Whether the peer closed the connection (reads until end of stream or the socket timeout). */
  boolean closedByPeer() {
    try {
      return in.read() == -1;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
