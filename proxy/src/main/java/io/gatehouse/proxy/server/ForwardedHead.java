package io.gatehouse.proxy.server;

import io.gatehouse.sdk.ResponseHeaders;
import io.gatehouse.proxy.http.HeaderSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The client's response head kept as the origin's header lines plus a short list of lines the
 * gateway and plugins added, the way nginx forwards one: origin lines are never decoded into
 * strings unless a header filter asks for them, dropped lines (hop-by-hop, replaced, removed) are
 * skipped when the head is written, and the gateway's headers (reference §5.2) come last. Header
 * filters edit it through {@link ResponseHeaders}.
 */
final class ForwardedHead implements ResponseHeaders, GatewayResponseHeaders.Sink, io.gatehouse.proxy.plugins.HeadBytes {
  private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
  private static final short CRLF = ('\r' << 8) | '\n';

  private final UpstreamHead u;
  private final boolean[] dropped;
  private final List<String> names = new ArrayList<>(8);
  private final List<String> values = new ArrayList<>(8);
  private boolean framingEdited;

  /**
   * The head for an HTTP/1.1 client.
   *
   * @param addChunked the origin's body runs to its close: the client gets it chunked
   * @param close the client connection closes after this response
   */
  ForwardedHead(GatewayResponseHeaders g, UpstreamHead u, long upstreamLatencyMs, long proxyLatencyMs,
      String requestId, @Nullable String setCookie, boolean addChunked, boolean close) {
    this.u = u;
    this.dropped = new boolean[u.lines];
    HeaderSettings on = g.on;
    int lastVia = -1;
    boolean hasServer = false;
    for (int i = 0; i < u.lines; i++) {
      switch (u.kind[i]) {
        case UpstreamHead.HOP_BY_HOP, UpstreamHead.CONNECTION -> dropped[i] = true;
        case UpstreamHead.CONTENT_LENGTH -> dropped[i] = u.chunked; // Transfer-Encoding wins
        case UpstreamHead.VIA -> lastVia = i;
        case UpstreamHead.SERVER -> hasServer = true;
        // the gateway's own headers replace the origin's
        case UpstreamHead.X_KONG_UPSTREAM_LATENCY -> dropped[i] = on.upstreamLatency();
        case UpstreamHead.X_KONG_PROXY_LATENCY -> dropped[i] = on.proxyLatency();
        case UpstreamHead.X_KONG_UPSTREAM_STATUS -> dropped[i] = on.upstreamStatus();
        case UpstreamHead.X_KONG_REQUEST_ID -> dropped[i] = on.requestId();
        default -> { }
      }
    }
    String originVia = null;
    if (on.via() && lastVia >= 0) {
      dropped[lastVia] = true; // the origin's last Via line goes out with ours appended
      originVia = u.value(lastVia);
    }
    g.proxied(this, u.protocolVersion(), originVia, hasServer, upstreamLatencyMs, proxyLatencyMs, u.code, requestId,
        setCookie);
    if (addChunked) line("Transfer-Encoding", "chunked");
    if (close) line("Connection", "close");
  }

  // GatewayResponseHeaders.Sink: the gateway's lines, added after the origin's
  @Override
  public void put(CharSequence name, String value) {
    line(name.toString(), value);
  }

  @Override
  public void append(CharSequence name, String value) {
    line(name.toString(), value);
  }

  /** Whether a response head can go out this way: nothing in it needs Netty's header handling. */
  static boolean applies(UpstreamHead u) {
    return !u.connectionNamesHeaders && !u.otherCoding;
  }

  private void line(String name, String value) {
    names.add(name);
    values.add(value);
  }

  /** A header filter changed how the body is framed (Content-Length, Transfer-Encoding, Connection). */
  boolean framingEdited() {
    return framingEdited;
  }

  ByteBuf write(ByteBufAllocator alloc) {
    byte[] raw = u.raw;
    // sized so it never grows: growing a pooled buffer copies it into a new one
    ByteBuf out = alloc.directBuffer(raw.length + 64 + sizeOfAdded());
    out.writeBytes(HTTP_1_1).writeBytes(raw, 9, u.reasonEnd - 9).writeShort(CRLF);
    for (int i = 0; i < u.lines; i++) {
      if (dropped[i]) continue;
      out.writeBytes(raw, u.nameStart[i], u.nameEnd[i] - u.nameStart[i]).writeByte(':').writeByte(' ')
          .writeBytes(raw, u.valueStart[i], u.valueEnd[i] - u.valueStart[i]).writeShort(CRLF);
    }
    for (int i = 0; i < names.size(); i++) {
      ByteBufUtil.writeAscii(out, names.get(i));
      out.writeByte(':').writeByte(' ');
      ByteBufUtil.writeAscii(out, values.get(i));
      out.writeShort(CRLF);
    }
    return out.writeShort(CRLF);
  }

  private int sizeOfAdded() {
    int n = 0;
    for (int i = 0; i < names.size(); i++) n += names.get(i).length() + values.get(i).length() + 4;
    return n;
  }

  /** The same head as Netty headers, for the paths that need them (a body filter, a replaced response). */
  HttpHeaders toHttpHeaders() {
    HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().newHeaders(); // validates names, as before
    forEach(h::add);
    return h;
  }

  private void forEach(BiConsumer<String, String> each) {
    for (int i = 0; i < u.lines; i++) {
      if (!dropped[i]) each.accept(u.name(i), u.value(i));
    }
    for (int i = 0; i < names.size(); i++) each.accept(names.get(i), values.get(i));
  }

  // ------------------------------------------------------------------ ResponseHeaders for header filters

  /** The lines as sent, read from the upstream head's offsets: no String per header (the log's response.size). */
  @Override
  public long headerLineBytes() {
    long size = 0;
    for (int i = 0; i < u.lines; i++) {
      if (!dropped[i]) size += (u.nameEnd[i] - u.nameStart[i]) + 2 + (u.valueEnd[i] - u.valueStart[i]) + 2;
    }
    for (int i = 0; i < names.size(); i++) size += names.get(i).length() + 2 + values.get(i).length() + 2;
    return size;
  }

  @Override
  public @Nullable String get(String name) {
    for (int i = 0; i < u.lines; i++) {
      if (!dropped[i] && u.nameIs(i, name)) return u.value(i);
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) return values.get(i);
    }
    return null;
  }

  @Override
  public List<String> getAll(String name) {
    List<String> all = new ArrayList<>(1);
    forEach((n, v) -> {
      if (n.equalsIgnoreCase(name)) all.add(v);
    });
    return all;
  }

  @Override
  public void set(String name, String value) {
    remove(name);
    add(name, value);
  }

  @Override
  public void add(String name, String value) {
    checkLine(name, value);
    noteFraming(name);
    line(name, value);
  }

  /**
   * A header filter's line goes out as written: its name must be a token and its value must not
   * hold a line break or NUL (response splitting). Throws like Netty's validating headers did.
   */
  private static void checkLine(String name, String value) {
    if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        throw new IllegalArgumentException("invalid header name: " + name);
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) throw new IllegalArgumentException("invalid value for header " + name);
    }
  }

  @Override
  public void remove(String name) {
    noteFraming(name);
    for (int i = 0; i < u.lines; i++) {
      if (!dropped[i] && u.nameIs(i, name)) dropped[i] = true;
    }
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equalsIgnoreCase(name)) {
        names.remove(i);
        values.remove(i);
      }
    }
  }

  @Override
  public List<String> names() {
    List<String> all = new ArrayList<>();
    List<String> lower = new ArrayList<>();
    forEach((n, v) -> {
      String l = n.toLowerCase(Locale.ROOT);
      if (!lower.contains(l)) {
        lower.add(l);
        all.add(n);
      }
    });
    return all;
  }

  private void noteFraming(String name) {
    if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
        || name.equalsIgnoreCase("connection")) {
      framingEdited = true;
    }
  }
}
