package io.gatehouse.proxy.server;

import io.gatehouse.core.schema.PathNormalizer;
import io.gatehouse.proxy.router.RequestAttributes;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The router's view of a decoded request, plus the URI parts the exchange needs. */
final class RequestView implements RequestAttributes {
  final HttpRequest request;
  final String rawPath; // as sent, without query
  final @Nullable String query; // after '?', verbatim; null when there was no '?'
  final String normalizedPath;
  final @Nullable String hostHeader; // raw Host value
  private final String host;
  private final int port;
  private final @Nullable String sni;
  private @Nullable InetSocketAddress remote;
  private @Nullable InetSocketAddress local;

  private RequestView(HttpRequest request, String rawPath, @Nullable String query, @Nullable String hostHeader,
      String host, int port, @Nullable String sni) {
    this.request = request;
    this.rawPath = rawPath;
    this.query = query;
    this.normalizedPath = PathNormalizer.normalize(rawPath);
    this.hostHeader = hostHeader;
    this.host = host;
    this.port = port;
    this.sni = sni;
  }

  /**
   * Parses the request target and Host; null when they are not acceptable (answer 400).
   *
   * @param sni the connection's TLS server name ("" when the client sent none), null on plain HTTP
   */
  static @Nullable RequestView of(HttpRequest request, int listenPort, @Nullable String sni, @Nullable Channel channel) {
    RequestView v = of(request, listenPort, sni);
    if (v != null && channel != null) {
      v.remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
      v.local = channel.localAddress() instanceof InetSocketAddress a ? a : null;
    }
    return v;
  }

  static @Nullable RequestView of(HttpRequest request, int listenPort, @Nullable String sni) {
    String uri = request.uri();
    String hostHeader = request.headers().get(HttpHeaderNames.HOST);
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      // absolute-form: the authority replaces Host (RFC 9112 §3.2.2)
      int authStart = uri.indexOf("//") + 2;
      int pathStart = uri.indexOf('/', authStart);
      int qs = uri.indexOf('?', authStart);
      int end = pathStart < 0 ? (qs < 0 ? uri.length() : qs) : pathStart;
      if (qs >= 0 && qs < end) end = qs;
      hostHeader = uri.substring(authStart, end);
      uri = end == uri.length() ? "/" : (uri.charAt(end) == '?' ? "/" + uri.substring(end) : uri.substring(end));
    }
    if (uri.isEmpty() || uri.charAt(0) != '/') {
      return null;
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c == 0x7F) return null; // CTLs and spaces never belong in a request target
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (!NginxRequestRules.validPath(path)) return null;
    if (hostHeader != null && !NginxRequestRules.validHost(hostHeader)) return null;
    String query = q < 0 ? null : uri.substring(q + 1);
    String host = "";
    int port = listenPort;
    if (hostHeader != null && !hostHeader.isEmpty()) {
      String h = hostHeader;
      int colon = h.lastIndexOf(':');
      int bracket = h.lastIndexOf(']');
      if (colon > bracket && (h.startsWith("[") || h.indexOf(':') == colon)) {
        try {
          port = Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (port < 0 || port > 65535) return null;
        h = h.substring(0, colon);
      }
      host = lowerAscii(h);
    }
    return new RequestView(request, path, query, hostHeader, host, port, sni);
  }

  private static String lowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') return s.toLowerCase(Locale.ROOT);
    }
    return s;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String path() {
    return normalizedPath;
  }

  @Override
  public List<String> headerValues(String name) {
    HttpHeaders h = request.headers();
    return h.contains(name) ? h.getAll(name) : List.of();
  }

  @Override
  public @Nullable String sni() {
    return sni;
  }

  @Override
  public @Nullable String query() {
    return query;
  }

  @Override
  public @Nullable InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public @Nullable InetSocketAddress localAddress() {
    return local;
  }
}
