package io.gatehouse.proxy.server;

import io.gatehouse.testsupport.fuzz.Choices;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Random origin byte streams for the decoder fuzz tests: one to four HTTP/1.x responses from a
 * grammar that favours the framing corners (Content-Length and Transfer-Encoding variants and
 * duplicates, chunk sizes, extensions and trailers, 1xx/204/304, obs-fold, overlong heads), then
 * byte-level mutations (bare CR or LF, NUL, deleted and doubled bytes), then split into reads.
 */
final class ResponseStreams {
  /** One generated stream: its bytes, whether the request was a HEAD, and where the reads end. */
  record Stream(byte[] bytes, boolean headRequest, int[] readEnds) {
    @Override
    public String toString() {
      return "headRequest=" + headRequest + " reads=" + Arrays.toString(readEnds) + "\n"
          + escape(bytes);
    }
  }

  private static final List<String> TE_VALUES = List.of("chunked", "chunked", "Chunked", "CHUNKED", "gzip, chunked",
      "chunked, gzip", "identity", "chunked ", "gzip,chunked", "xchunked", "chunked;q=1", "", "gzip", " chunked");

  private static final int CR = '\r';
  private static final int LF = '\n';

  private ResponseStreams() {}

  static Stream generate(Choices c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (c.chance(5)) write(out, c.pick("\r\n", "\n", "\r\n\r\n")); // blank lines before a status line
    int messages = c.intIn(1, 4);
    for (int i = 0; i < messages; i++) response(c, out, i == messages - 1);
    byte[] bytes = out.toByteArray();
    if (c.chance(35)) bytes = mutate(c, bytes);
    return new Stream(bytes, c.chance(10), readEnds(c, bytes.length));
  }

  private static void response(Choices c, ByteArrayOutputStream out, boolean last) {
    String eol = c.chance(8) ? "\n" : "\r\n";
    int code = c.pick(200, 200, 200, 201, 204, 304, 100, 103, 404, 500, 199, 299, 599, last ? 101 : 200);
    String version = c.chance(95) ? c.pick("HTTP/1.1", "HTTP/1.1", "HTTP/1.0") : c.pick("HTTP/2.0", "http/1.1", "HTTP/1.2");
    String reason = c.pick("OK", "OK", "", "Not Found", "a\tb", "x y z");
    write(out, version + " " + code + (reason.isEmpty() && c.bool() ? "" : " " + reason) + eol);

    enum Framing { LENGTH, CHUNKED, CLOSE }
    Framing framing = last && c.chance(15) ? Framing.CLOSE : c.bool() ? Framing.LENGTH : Framing.CHUNKED;
    byte[] body = body(c);
    List<String> headers = new ArrayList<>();
    for (int n = c.intIn(0, 3); n > 0; n--) headers.add(plainHeader(c));
    switch (framing) {
      case LENGTH -> {
        headers.add("Content-Length: " + lengthValue(c, body.length));
        if (c.chance(10)) headers.add("Content-Length: " + (c.bool() ? body.length : body.length + 1));
        if (c.chance(5)) headers.add("Transfer-Encoding: " + c.pick(TE_VALUES));
      }
      case CHUNKED -> {
        headers.add(c.pick("Transfer-Encoding: ", "transfer-encoding:", "Transfer-Encoding :") + c.pick(TE_VALUES));
        if (c.chance(8)) headers.add("Transfer-Encoding: " + c.pick(TE_VALUES));
        if (c.chance(10)) headers.add("Content-Length: " + lengthValue(c, body.length));
      }
      case CLOSE -> {
        if (c.chance(30)) headers.add("Transfer-Encoding: " + c.pick("gzip", "identity"));
      }
    }
    if (c.chance(1)) headers.add("X-Big: " + "a".repeat(c.intIn(UpstreamResponseDecoder.MAX_HEAD - 200, UpstreamResponseDecoder.MAX_HEAD + 200)));
    for (int n = c.intIn(0, 2); n > 0; n--) headers.add(c.intIn(0, headers.size()), plainHeader(c));
    for (String h : headers) write(out, h + (c.chance(3) ? c.pick("\n", "\r\n") : eol));
    write(out, eol);
    boolean bodyless = code < 200 || code == 204 || code == 304;
    if (bodyless && c.chance(80)) return; // a bodyless response normally has no body bytes, whatever its headers say
    if (framing == Framing.CHUNKED) {
      chunked(c, out, body, eol);
    } else {
      out.writeBytes(body);
    }
  }

  private static String plainHeader(Choices c) {
    return switch (c.intIn(0, 11)) {
      case 0 -> "Connection: " + c.pick("close", "keep-alive", "Upgrade", "close, x-hop");
      case 1 -> "Server: origin";
      case 2 -> " folded continuation"; // obs-fold
      case 3 -> "X-Space : v";
      case 4 -> "Bad Name: v";
      case 5 -> "X-Empty:";
      case 6 -> "X-Tab:\tv\t";
      case 7 -> "Upgrade: websocket";
      case 8 -> "X-Ctl: a" + (char) c.intIn(0, 31) + "b";
      case 9 -> "no-colon";
      case 10 -> "X-High: caf\u00e9";
      default -> "X-" + c.intIn(0, 99) + ": value-" + c.intIn(0, 999);
    };
  }

  private static String lengthValue(Choices c, int length) {
    if (c.chance(80)) return String.valueOf(length);
    return c.pick(length + ", " + length, "+" + length, "0" + length, length + " ", "-1", Integer.toHexString(length) + "h",
        "", String.valueOf(length + 1), String.valueOf(Math.max(0, length - 1)), "99999999999999999999", length + "," + (length + 1));
  }

  private static byte[] body(Choices c) {
    int n = c.chance(10) ? c.intIn(0, 300) : c.intIn(0, 24);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (int) (c.chance(90) ? c.pick((int) 'a', (int) 'b', (int) '0', (int) ' ', (int) 'Z') : c.pick(CR, LF, (int) ';', (int) ':', 0));
    }
    return b;
  }

  private static void chunked(Choices c, ByteArrayOutputStream out, byte[] body, String eol) {
    int pos = 0;
    while (pos < body.length) {
      int n = Math.min(body.length - pos, c.intIn(1, 40));
      int declared = c.chance(4) ? Math.max(0, n + c.pick(-1, 1)) : n;
      write(out, chunkSize(c, declared) + extension(c) + (c.chance(5) ? c.pick("\n", "\r\n", "\r") : eol));
      out.write(body, pos, n);
      write(out, c.chance(5) ? c.pick("\n", "", "\r", " \r\n", "\r\n\r\n") : eol);
      pos += n;
    }
    write(out, c.pick("0", "0", "0", "00", "000") + extension(c) + eol);
    for (int t = c.chance(20) ? c.intIn(1, 2) : 0; t > 0; t--) {
      write(out, c.pick("X-Trailer: 1", "Checksum:abc", "bad trailer", " folded") + eol);
    }
    if (c.chance(97)) write(out, eol);
  }

  private static String chunkSize(Choices c, int size) {
    String hex = c.bool() ? Integer.toHexString(size) : Integer.toHexString(size).toUpperCase();
    if (c.chance(5)) return c.pick("0", "00") + hex;
    if (c.chance(3)) return c.pick(" ", "+", "0x", "-") + hex;
    if (c.chance(2)) return c.pick("80000000", "FFFFFFFF", "1000000000000000", "fffffffffffffffff");
    return hex;
  }

  private static String extension(Choices c) {
    if (!c.chance(15)) return "";
    return c.pick(";a=b", "; a=\"q\"", ";", " ;x", "\t", " ", ";a=b\rx", ";\u0000", ";ext" + "e".repeat(c.intIn(0, 5000)));
  }

  static byte[] mutate(Choices c, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 8);
    out.writeBytes(b);
    for (int m = c.intIn(1, 3); m > 0; m--) {
      byte[] cur = out.toByteArray();
      if (cur.length == 0) break;
      int at = c.intIn(0, cur.length - 1);
      out.reset();
      switch (c.intIn(0, 5)) {
        case 0 -> { // insert a troublesome byte
          out.write(cur, 0, at);
          out.write(c.pick(CR, LF, 0, (int) ' ', (int) '\t', (int) ':', c.intIn(0, 255)));
          out.write(cur, at, cur.length - at);
        }
        case 1 -> { // delete a byte
          out.write(cur, 0, at);
          out.write(cur, at + 1, cur.length - at - 1);
        }
        case 2 -> { // double a byte
          out.write(cur, 0, at + 1);
          out.write(cur, at, cur.length - at);
        }
        case 3 -> { // replace a byte
          out.writeBytes(cur);
          byte[] changed = out.toByteArray();
          changed[at] = (byte) (int) c.pick(CR, LF, 0, c.intIn(0, 255));
          out.reset();
          out.writeBytes(changed);
        }
        case 4 -> { // turn a CR LF into a bare LF or a bare CR
          int crlf = indexOf(cur, at);
          out.writeBytes(cur);
          if (crlf >= 0) {
            out.reset();
            out.write(cur, 0, crlf);
            out.write(c.bool() ? '\n' : '\r');
            out.write(cur, crlf + 2, cur.length - crlf - 2);
          }
        }
        default -> { // trailing garbage
          out.writeBytes(cur);
          out.writeBytes(c.bytes(16));
        }
      }
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') return i;
    }
    return -1;
  }

  /** Where each read ends: the stream in one to six pieces. */
  static int[] readEnds(Choices c, int length) {
    int pieces = c.intIn(1, 6);
    int[] ends = new int[pieces];
    for (int i = 0; i < pieces - 1; i++) ends[i] = c.intIn(0, length);
    ends[pieces - 1] = length;
    Arrays.sort(ends);
    return ends;
  }

  static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The bytes as Java-escaped text, cut short when long, for failure messages. */
  static String escape(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length && sb.length() < 1500; i++) {
      int c = b[i] & 0xff;
      switch (c) {
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n\n");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
      }
    }
    if (b.length > 0 && sb.length() >= 1500) sb.append("... (").append(b.length).append(" bytes)");
    return sb.toString();
  }
}
