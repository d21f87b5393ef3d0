package io.gatehouse.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 client for byte sequences a well-behaved client would never send
 * (smuggling vectors, malformed lines, slow senders). Reads responses by their framing.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawClient(InetSocketAddress address) throws IOException {
    this(address, 10_000);
  }

  public RawClient(InetSocketAddress address, int readTimeoutMillis) throws IOException {
    socket = new Socket();
    socket.connect(address, 5000);
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Over a socket connected already, e.g. an {@code SSLSocket} after its handshake ({@link TlsClient}). */
  public RawClient(Socket connected, int readTimeoutMillis) throws IOException {
    socket = connected;
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public RawClient send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** A parsed response. */
  public record Response(int status, Map<String, String> headers, String body, String rawHead, Map<String, String> trailers) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Reads one response (Content-Length, chunked, or until close); skips interim 1xx unless asked. */
  public Response readResponse() throws IOException {
    while (true) {
      Response r = readOne();
      if (r.status() >= 200 || r.status() == 101) return r;
    }
  }

  /** Reads exactly one response, including interim ones. */
  public Response readOne() throws IOException {
    return readOne(false);
  }

  /** Reads the answer to a HEAD request: a head only, whatever its Content-Length says. */
  public Response readHeadAnswer() throws IOException {
    return readOne(true);
  }

  private Response readOne(boolean headRequest) throws IOException {
    String statusLine = readLine();
    if (statusLine == null) throw new IOException("connection closed before a response");
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> trailers = new LinkedHashMap<>();
    StringBuilder rawHead = new StringBuilder(statusLine).append("\r\n");
    String line;
    while ((line = readLine()) != null && !line.isEmpty()) {
      rawHead.append(line).append("\r\n");
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headRequest || status < 200 || status == 204 || status == 304) {
      return new Response(status, headers, "", rawHead.toString(), trailers);
    }
    if (headers.containsKey("content-length")) {
      int n = Integer.parseInt(headers.get("content-length"));
      body.write(in.readNBytes(n));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        if (size == 0) {
          String t;
          while (!(t = readLine()).isEmpty()) {
            int colon = t.indexOf(':');
            trailers.put(t.substring(0, colon).trim().toLowerCase(Locale.ROOT), t.substring(colon + 1).trim());
          }
          break;
        }
        body.write(in.readNBytes(size));
        readLine();
      }
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8), rawHead.toString(), trailers);
  }

  /** True when the server closed the connection (EOF) within the read timeout. */
  public boolean isClosedByPeer() throws IOException {
    try {
      while (true) {
        int b = in.read();
        if (b < 0) return true;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
        return sb.toString();
      }
      sb.append((char) b);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
