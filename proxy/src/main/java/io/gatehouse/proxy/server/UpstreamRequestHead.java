package io.gatehouse.proxy.server;

import io.gatehouse.proxy.http.GatewayHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The head of the request sent to the origin, written as bytes the way nginx builds one: the
 * request line, the client's header lines (as plugins left them) minus those the gateway writes
 * itself, then the gateway's headers (reference §5.1). The client's headers are not edited in
 * place: one pass over them replaces a dozen hash-map updates and a generic encoder.
 */
final class UpstreamRequestHead {
  /** A gateway header whose client line passes unchanged (e.g. X-Forwarded-Host from a trusted proxy). */
  static final String KEEP_CLIENTS = new String("keep the client's");

  // The headers the gateway manages, by index into values/NAMES.
  static final int HOST = 0;
  static final int CONNECTION = 1;
  static final int UPGRADE = 2;
  static final int TE = 3;
  static final int X_FORWARDED_FOR = 4;
  static final int X_FORWARDED_PROTO = 5;
  static final int X_FORWARDED_HOST = 6;
  static final int X_FORWARDED_PORT = 7;
  static final int X_FORWARDED_PATH = 8;
  static final int X_FORWARDED_PREFIX = 9;
  static final int X_REAL_IP = 10;
  static final int VIA = 11;
  static final int X_KONG_REQUEST_ID = 12;
  // written as nginx writes them (Netty's constants are lower case)
  private static final AsciiString[] NAMES = {AsciiString.cached("Host"), AsciiString.cached("Connection"),
      AsciiString.cached("Upgrade"), AsciiString.cached("TE"), GatewayHeaders.X_FORWARDED_FOR, GatewayHeaders.X_FORWARDED_PROTO,
      GatewayHeaders.X_FORWARDED_HOST, GatewayHeaders.X_FORWARDED_PORT, GatewayHeaders.X_FORWARDED_PATH,
      GatewayHeaders.X_FORWARDED_PREFIX, GatewayHeaders.X_REAL_IP, AsciiString.cached("Via"), GatewayHeaders.X_KONG_REQUEST_ID};
  private static final byte[][] PREFIXES = new byte[NAMES.length][];
  private static final byte[] HTTP_1_1 = {' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n'};
  private static final short CRLF = ('\r' << 8) | '\n';

  static {
    for (int i = 0; i < NAMES.length; i++) {
      PREFIXES[i] = (NAMES[i] + ": ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  /**
   * What the gateway writes for each managed header: a value (the client's lines of that name are
   * dropped), {@code null} (dropped, nothing written), or {@link #KEEP_CLIENTS}.
   */
  final String[] values = new String[NAMES.length];

  /** Whether the body goes chunked (the head had {@code Transfer-Encoding: chunked}); set by {@link #write}. */
  boolean chunked;

  /** The name of a managed header, as nginx writes it. */
  static AsciiString name(int header) {
    return NAMES[header];
  }

  void set(int header, @Nullable String value) {
    values[header] = value;
  }

  /** The {@code Host} this head sends: the gateway's value, else the client's (or a plugin's) line. */
  @Nullable String host(HttpHeaders headers) {
    String v = values[HOST];
    return v == KEEP_CLIENTS ? headers.get(HttpHeaderNames.HOST) : v;
  }

  ByteBuf write(ByteBufAllocator alloc, String method, String uri, HttpHeaders headers) {
    // generous, so it never grows (growing a pooled buffer copies it); the gateway's lines are ~400 bytes
    ByteBuf out = alloc.directBuffer(512 + uri.length() + 64 * headers.size());
    ByteBufUtil.writeAscii(out, method);
    out.writeByte(' ');
    ByteBufUtil.writeAscii(out, uri);
    out.writeBytes(HTTP_1_1);
    chunked = false;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      CharSequence name = e.getKey();
      int managed = managed(name);
      if (managed >= 0 && values[managed] != KEEP_CLIENTS) continue;
      if (managed < 0 && name.length() == 17 && AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)) {
        chunked |= AsciiString.contentEqualsIgnoreCase(e.getValue(), "chunked");
      }
      ByteBufUtil.writeAscii(out, name);
      out.writeByte(':').writeByte(' ');
      ByteBufUtil.writeAscii(out, e.getValue());
      out.writeShort(CRLF);
    }
    for (int i = 0; i < NAMES.length; i++) {
      String v = values[i];
      if (v != null && v != KEEP_CLIENTS) {
        out.writeBytes(PREFIXES[i]);
        ByteBufUtil.writeAscii(out, v);
        out.writeShort(CRLF);
      }
    }
    return out.writeShort(CRLF);
  }

  /** The index of a header name the gateway manages, or -1. */
  static int managed(CharSequence name) {
    return switch (name.length()) {
      case 2 -> is(name, TE);
      case 3 -> is(name, VIA);
      case 4 -> is(name, HOST);
      case 7 -> is(name, UPGRADE);
      case 9 -> is(name, X_REAL_IP);
      case 10 -> is(name, CONNECTION);
      case 15 -> is(name, X_FORWARDED_FOR);
      case 16 -> is(name, X_FORWARDED_HOST) >= 0 ? X_FORWARDED_HOST
          : is(name, X_FORWARDED_PORT) >= 0 ? X_FORWARDED_PORT
          : is(name, X_FORWARDED_PATH);
      case 17 -> is(name, X_FORWARDED_PROTO) >= 0 ? X_FORWARDED_PROTO : is(name, X_KONG_REQUEST_ID);
      case 18 -> is(name, X_FORWARDED_PREFIX);
      default -> -1;
    };
  }

  private static int is(CharSequence name, int header) {
    return AsciiString.contentEqualsIgnoreCase(name, NAMES[header]) ? header : -1;
  }
}
