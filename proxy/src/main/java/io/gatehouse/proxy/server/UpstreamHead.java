package io.gatehouse.proxy.server;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An origin's response head, kept as the bytes it arrived in plus the position and kind of each
 * header line. The usual response is forwarded from these bytes with a few lines dropped and the
 * gateway's added ({@link ForwardedHead}); Netty {@link HttpHeaders} are built only when something
 * (a plugin's header filter, an HTTP/1.0 client) needs to edit them.
 */
final class UpstreamHead implements HttpResponse {
  // What a header line is to the gateway, decided once while parsing.
  static final byte PLAIN = 0;
  static final byte HOP_BY_HOP = 1; // Keep-Alive, Proxy-Connection, Upgrade: never forwarded
  static final byte CONNECTION = 10; // hop-by-hop too; its tokens were noted while parsing
  static final byte CONTENT_LENGTH = 2;
  static final byte TRANSFER_ENCODING = 3;
  static final byte VIA = 4;
  static final byte SERVER = 5;
  static final byte X_KONG_UPSTREAM_LATENCY = 6;
  static final byte X_KONG_PROXY_LATENCY = 7;
  static final byte X_KONG_UPSTREAM_STATUS = 8;
  static final byte X_KONG_REQUEST_ID = 9;

  final byte[] raw;
  final int code;
  final int reasonStart; // the status line's text after the code (with its leading space), up to reasonEnd
  final int reasonEnd;
  private HttpVersion version;
  int lines;
  int[] nameStart = new int[16];
  int[] nameEnd = new int[16];
  int[] valueStart = new int[16];
  int[] valueEnd = new int[16];
  byte[] kind = new byte[16];
  long contentLength = -1;
  boolean chunked;
  /** A Transfer-Encoding other than a final {@code chunked}: the body runs to the connection's close. */
  boolean otherCoding;
  /** How many times the Transfer-Encoding lines name chunked; more than once is refused. */
  int chunkedCodings;
  boolean connectionClose;
  boolean connectionKeepAlive;
  /** The Connection header names other headers (hop-by-hop by declaration): only the edited path strips those. */
  boolean connectionNamesHeaders;

  private @Nullable HttpResponseStatus status;
  private @Nullable HttpHeaders headers;
  private DecoderResult result = DecoderResult.SUCCESS;

  UpstreamHead(byte[] raw, int code, int reasonStart, int reasonEnd, HttpVersion version) {
    this.raw = raw;
    this.code = code;
    this.reasonStart = reasonStart;
    this.reasonEnd = reasonEnd;
    this.version = version;
  }

  /** A head that could not be parsed: the exchange answers 502. */
  static UpstreamHead failed(String why) {
    UpstreamHead h = new UpstreamHead(new byte[0], 502, 0, 0, HttpVersion.HTTP_1_1);
    h.result = DecoderResult.failure(new IllegalArgumentException(why));
    return h;
  }

  void addLine(int ns, int ne, int vs, int ve, byte k) {
    if (lines == kind.length) {
      int n = lines * 2;
      nameStart = Arrays.copyOf(nameStart, n);
      nameEnd = Arrays.copyOf(nameEnd, n);
      valueStart = Arrays.copyOf(valueStart, n);
      valueEnd = Arrays.copyOf(valueEnd, n);
      kind = Arrays.copyOf(kind, n);
    }
    nameStart[lines] = ns;
    nameEnd[lines] = ne;
    valueStart[lines] = vs;
    valueEnd[lines] = ve;
    kind[lines] = k;
    lines++;
  }

  /** Whether the origin wants this connection kept open after the response. */
  boolean keepAlive() {
    if (connectionClose) return false;
    // Transfer-Encoding in an HTTP/1.0 message, or with a Content-Length, is faulty framing that
    // Transfer-Encoding wins (RFC 9112 §6.1, §6.3): forward the message, never reuse the connection
    if ((chunked || otherCoding) && (version == HttpVersion.HTTP_1_0 || contentLength >= 0)) return false;
    return version == HttpVersion.HTTP_1_1 || connectionKeepAlive;
  }

  /** The response has a body whose end the client can find: a length, chunks, or no body at all. */
  boolean framed(boolean headRequest) {
    return contentLength >= 0 || chunked || headRequest || code == 204 || code == 304;
  }

  String value(int line) {
    return new String(raw, valueStart[line], valueEnd[line] - valueStart[line], StandardCharsets.ISO_8859_1);
  }

  String name(int line) {
    return new String(raw, nameStart[line], nameEnd[line] - nameStart[line], StandardCharsets.ISO_8859_1);
  }

  /** Whether header line {@code line} has this name (ASCII case-insensitive). */
  boolean nameIs(int line, String name) {
    int s = nameStart[line];
    if (nameEnd[line] - s != name.length()) return false;
    for (int i = 0; i < name.length(); i++) {
      int a = raw[s + i];
      int b = name.charAt(i);
      if (a == b) continue;
      int lower = a | 0x20;
      if (lower != (b | 0x20) || lower < 'a' || lower > 'z') return false;
    }
    return true;
  }

  @Override
  public HttpHeaders headers() {
    HttpHeaders h = headers;
    if (h == null) {
      h = DefaultHttpHeadersFactory.headersFactory().newHeaders(); // plugins edit these: names are checked
      for (int i = 0; i < lines; i++) {
        if (kind[i] == CONTENT_LENGTH && chunked) continue; // Transfer-Encoding wins (RFC 9112 §6.3)
        h.add(name(i), value(i));
      }
      headers = h;
    }
    return h;
  }

  @Override
  public HttpResponseStatus status() {
    HttpResponseStatus s = status;
    if (s == null) {
      int from = reasonStart < reasonEnd && raw[reasonStart] == ' ' ? reasonStart + 1 : reasonStart;
      String reason = new String(raw, from, reasonEnd - from, StandardCharsets.ISO_8859_1);
      s = reason.isEmpty() ? HttpResponseStatus.valueOf(code) : HttpResponseStatus.valueOf(code, reason);
      status = s;
    }
    return s;
  }

  @Override
  @Deprecated
  public HttpResponseStatus getStatus() {
    return status();
  }

  @Override
  public HttpResponse setStatus(HttpResponseStatus s) {
    status = s;
    return this;
  }

  @Override
  public HttpVersion protocolVersion() {
    return version;
  }

  @Override
  @Deprecated
  public HttpVersion getProtocolVersion() {
    return version;
  }

  @Override
  public HttpResponse setProtocolVersion(HttpVersion v) {
    version = v;
    return this;
  }

  @Override
  public DecoderResult decoderResult() {
    return result;
  }

  @Override
  @Deprecated
  public DecoderResult getDecoderResult() {
    return result;
  }

  @Override
  public void setDecoderResult(DecoderResult r) {
    result = r;
  }

  @Override
  public String toString() {
    return "UpstreamHead(" + version + " " + code + ", " + lines + " headers)";
  }
}
