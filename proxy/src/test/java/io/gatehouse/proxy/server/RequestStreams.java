package io.gatehouse.proxy.server;

import io.gatehouse.testsupport.fuzz.Choices;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Random client byte streams for the request decoder fuzz test: one to three HTTP/1.x requests
 * with the smuggling corners (Content-Length and Transfer-Encoding together, duplicated or
 * malformed; obs-fold; chunk extensions; odd methods and targets), then the same byte mutations
 * and read splits as {@link ResponseStreams}.
 */
final class RequestStreams {
  private RequestStreams() {}

  static ResponseStreams.Stream generate(Choices c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int requests = c.intIn(1, 3);
    for (int i = 0; i < requests; i++) request(c, out);
    byte[] bytes = out.toByteArray();
    if (c.chance(35)) bytes = ResponseStreams.mutate(c, bytes);
    return new ResponseStreams.Stream(bytes, false, ResponseStreams.readEnds(c, bytes.length));
  }

  private static void request(Choices c, ByteArrayOutputStream out) {
    String eol = c.chance(8) ? "\n" : "\r\n";
    String method = c.pick("GET", "GET", "POST", "POST", "PUT", "HEAD", "OPTIONS", "get", "G\u00e9T", "CONNECT");
    String target = c.pick("/", "/a?b=c", "/v1/%2e%2e/x", "*", "http://h.example/x", "/a%%%", "/" + "p".repeat(c.intIn(0, 200)));
    String version = c.chance(95) ? c.pick("HTTP/1.1", "HTTP/1.1", "HTTP/1.0") : c.pick("HTTP/2.0", "HTTP/1.2", "http/1.1");
    ResponseStreams.write(out, method + c.pick(" ", " ", "  ", "\t") + target + " " + version + eol);
    byte[] body = new byte[c.chance(50) ? 0 : c.intIn(0, 40)];
    for (int i = 0; i < body.length; i++) body[i] = (byte) (int) c.pick((int) 'a', (int) '0', (int) '\r', (int) '\n', (int) ' ');
    boolean chunked = c.chance(40);
    List<String> headers = new ArrayList<>();
    if (c.chance(90)) headers.add(c.pick("Host: h.example", "Host: h.example", "Host: h .example", "Host:", "host: a, b"));
    if (chunked) {
      headers.add(c.pick("Transfer-Encoding: chunked", "Transfer-Encoding: Chunked", "Transfer-Encoding: gzip, chunked",
          "Transfer-Encoding: chunked, gzip", "Transfer-Encoding : chunked", "Transfer-Encoding: xchunked",
          "Transfer-Encoding:\tchunked"));
      if (c.chance(15)) headers.add("Content-Length: " + body.length);
      if (c.chance(8)) headers.add("Transfer-Encoding: chunked");
    } else if (body.length > 0 || c.bool()) {
      headers.add("Content-Length: " + (c.chance(85) ? String.valueOf(body.length)
          : c.pick(body.length + ", " + body.length, "+" + body.length, "-1", "", "1e2", "99999999999999999999")));
      if (c.chance(10)) headers.add("Content-Length: " + (c.bool() ? body.length : body.length + 1));
    }
    for (int n = c.intIn(0, 3); n > 0; n--) {
      headers.add(c.intIn(0, headers.size()), c.pick("X-A: 1", " folded", "Expect: 100-continue", "Connection: close",
          "Connection: keep-alive, Upgrade", "Upgrade: websocket", "Bad Name: v", "X-Ctl: a\u0001b", "no-colon",
          "X-Big: " + "b".repeat(c.intIn(0, 9000))));
    }
    for (String h : headers) ResponseStreams.write(out, h + eol);
    ResponseStreams.write(out, eol);
    if (!chunked) {
      out.writeBytes(body);
      return;
    }
    int pos = 0;
    while (pos < body.length) {
      int n = Math.min(body.length - pos, c.intIn(1, 16));
      ResponseStreams.write(out, Integer.toHexString(n) + (c.chance(10) ? c.pick(";a=b", " ", ";", ";a\nb") : "") + eol);
      out.write(body, pos, n);
      ResponseStreams.write(out, eol);
      pos += n;
    }
    ResponseStreams.write(out, "0" + eol + (c.chance(10) ? "X-Trailer: 1" + eol : "") + eol);
  }
}
