package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.HeaderSettings;
import io.gatehouse.proxy.http.Millis;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Writes the client's response head straight from an origin's head bytes, the way nginx forwards
 * one: the status line and every end-to-end header line as they came, hop-by-hop lines dropped,
 * the gateway's headers (reference §5.2) appended. Same result as editing Netty headers and
 * encoding them again, without decoding a header into strings.
 */
final class ForwardedHead {
  private static final byte[] HTTP_1_1 = ascii("HTTP/1.1 ");
  private static final byte[] VIA = ascii("Via: ");
  private static final byte[] SERVER = ascii("Server: ");
  private static final byte[] UPSTREAM_LATENCY = ascii("X-Kong-Upstream-Latency: ");
  private static final byte[] PROXY_LATENCY = ascii("X-Kong-Proxy-Latency: ");
  private static final byte[] UPSTREAM_STATUS = ascii("X-Kong-Upstream-Status: ");
  private static final byte[] REQUEST_ID = ascii("X-Kong-Request-Id: ");
  private static final byte[] SET_COOKIE = ascii("Set-Cookie: ");
  private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
  private static final byte[] CLOSE = ascii("Connection: close\r\n");
  private static final short CRLF = ('\r' << 8) | '\n';

  private final HeaderSettings on;
  private final byte[] server;
  private final byte[] via10;
  private final byte[] via11;

  ForwardedHead(HeaderSettings on, String serverToken, String via10, String via11) {
    this.on = on;
    this.server = ascii(serverToken);
    this.via10 = ascii(via10);
    this.via11 = ascii(via11);
  }

  /** Whether a response head can go out this way: nothing has to read or change it as headers. */
  static boolean applies(UpstreamHead u) {
    return !u.connectionNamesHeaders && !u.otherCoding;
  }

  /**
   * The head for an HTTP/1.1 client.
   *
   * @param addChunked the origin's body runs to its close: the client gets it chunked
   * @param close the client connection closes after this response
   */
  ByteBuf write(ByteBufAllocator alloc, UpstreamHead u, long upstreamLatencyMs, long proxyLatencyMs, String requestId,
      @Nullable String setCookie, boolean addChunked, boolean close) {
    byte[] raw = u.raw;
    ByteBuf out = alloc.directBuffer(raw.length + 256);
    out.writeBytes(HTTP_1_1).writeBytes(raw, 9, u.reasonEnd - 9).writeShort(CRLF);
    byte[] ours = u.protocolVersion() == HttpVersion.HTTP_1_1 ? via11 : via10;
    int lastVia = -1;
    boolean hasServer = false;
    for (int i = 0; i < u.lines; i++) {
      if (u.kind[i] == UpstreamHead.VIA) lastVia = i;
    }
    for (int i = 0; i < u.lines; i++) {
      byte kind = u.kind[i];
      switch (kind) {
        case UpstreamHead.HOP_BY_HOP, UpstreamHead.CONNECTION -> {
          continue;
        }
        case UpstreamHead.CONTENT_LENGTH -> {
          if (u.chunked) continue; // Transfer-Encoding wins
        }
        case UpstreamHead.SERVER -> hasServer = true;
        case UpstreamHead.X_KONG_UPSTREAM_LATENCY -> {
          if (on.upstreamLatency()) continue;
        }
        case UpstreamHead.X_KONG_PROXY_LATENCY -> {
          if (on.proxyLatency()) continue;
        }
        case UpstreamHead.X_KONG_UPSTREAM_STATUS -> {
          if (on.upstreamStatus()) continue;
        }
        case UpstreamHead.X_KONG_REQUEST_ID -> {
          if (on.requestId()) continue;
        }
        default -> { }
      }
      out.writeBytes(raw, u.nameStart[i], u.nameEnd[i] - u.nameStart[i]).writeByte(':').writeByte(' ')
          .writeBytes(raw, u.valueStart[i], u.valueEnd[i] - u.valueStart[i]);
      if (i == lastVia && on.via()) out.writeByte(',').writeByte(' ').writeBytes(ours);
      out.writeShort(CRLF);
    }
    if (lastVia < 0 && on.via()) out.writeBytes(VIA).writeBytes(ours).writeShort(CRLF);
    if (on.server() && !hasServer) out.writeBytes(SERVER).writeBytes(server).writeShort(CRLF);
    if (on.upstreamLatency()) line(out, UPSTREAM_LATENCY, Millis.text(upstreamLatencyMs));
    if (on.proxyLatency()) line(out, PROXY_LATENCY, Millis.text(Math.max(0, proxyLatencyMs)));
    if (on.upstreamStatus()) out.writeBytes(UPSTREAM_STATUS).writeBytes(raw, 9, 3).writeShort(CRLF);
    if (on.requestId()) line(out, REQUEST_ID, requestId);
    if (setCookie != null) line(out, SET_COOKIE, setCookie);
    if (addChunked) out.writeBytes(CHUNKED);
    if (close) out.writeBytes(CLOSE);
    return out.writeShort(CRLF);
  }

  private static void line(ByteBuf out, byte[] name, String value) {
    out.writeBytes(name);
    ByteBufUtil.writeAscii(out, value);
    out.writeShort(CRLF);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
