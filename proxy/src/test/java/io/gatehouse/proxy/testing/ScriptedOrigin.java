package io.gatehouse.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An origin that answers each request with bytes a test wrote by hand — responses a well-behaved
 * HTTP library would not produce (odd framing, hop-by-hop headers, broken chunks) — keyed by the
 * request path. It reads request heads (and Content-Length bodies) on keep-alive connections.
 */
public final class ScriptedOrigin implements AutoCloseable {
  /** What to send for one request: the bytes, whether to send them one byte at a time, then close. */
  public record Answer(byte[] bytes, boolean byteByByte, boolean close) {
    public static Answer of(String ascii) {
      return new Answer(ascii.getBytes(StandardCharsets.ISO_8859_1), false, false);
    }

    public Answer slowly() {
      return new Answer(bytes, true, close);
    }

    public Answer thenClose() {
      return new Answer(bytes, byteByByte, true);
    }
  }

  private final ServerSocket server;
  private final Map<String, Function<String, Answer>> routes = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile String lastRequestHead = "";

  public ScriptedOrigin() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Answers requests whose path is {@code path} (query ignored); the function gets the request head. */
  public ScriptedOrigin on(String path, Function<String, Answer> answer) {
    routes.put(path, answer);
    return this;
  }

  public ScriptedOrigin on(String path, Answer answer) {
    return on(path, head -> answer);
  }

  public int connections() {
    return connections.get();
  }

  public String lastRequestHead() {
    return lastRequestHead;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) return;
        lastRequestHead = head;
        int length = contentLength(head);
        if (length > 0) in.readNBytes(length);
        String target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        Function<String, Answer> f = routes.get(path);
        Answer a = f == null ? Answer.of("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") : f.apply(head);
        if (a.byteByByte()) {
          for (byte b : a.bytes()) {
            out.write(b);
            out.flush();
          }
        } else {
          out.write(a.bytes());
          out.flush();
        }
        if (a.close()) return;
      }
    } catch (IOException e) {
      // the gateway went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      last4 = last4 << 8 | b;
      if (last4 == 0x0d0a0d0a) return buf.toString(StandardCharsets.ISO_8859_1);
    }
    return null;
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
