package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.Upstream;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/** {@link Upstream} over the live headers; query changes are kept for the request flow. */
final class UpstreamView implements Upstream {
  private final HttpHeaders headers;
  private @Nullable String rawQuery;
  boolean queryChanged;
  String method;
  @Nullable String path; // null: the router's upstream path
  String routerPath = "/"; // the router's upstream path, once a route matched
  byte @Nullable [] body; // null: the client's body as it streams
  boolean hostSet; // a plugin set Host: it wins over preserve_host, host_header and the target
  @Nullable UpstreamTarget target; // null: the service's own origin

  private final RequestFacts facts;

  UpstreamView(RequestFacts facts) {
    this.facts = facts;
    this.headers = facts.headers();
    this.rawQuery = facts.rawQuery();
    this.method = facts.method();
  }

  @Override
  public @Nullable String header(String name) {
    return headers.get(HeaderNames.of(name));
  }

  @Override
  public void setHeader(String name, String value) {
    headers.set(HeaderNames.of(name), value);
    hostSet |= isHost(name);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.add(HeaderNames.of(name), value);
    hostSet |= isHost(name);
  }

  private static boolean isHost(String name) {
    return name.equalsIgnoreCase("host");
  }

  @Override
  public void removeHeader(String name) {
    headers.remove(HeaderNames.of(name));
  }

  @Override
  public @Nullable String rawQuery() {
    return rawQuery;
  }

  @Override
  public void setRawQuery(@Nullable String rawQuery) {
    this.rawQuery = rawQuery;
    queryChanged = true;
  }

  @Override
  public void removeQueryArg(String name) {
    setRawQuery(QueryString.without(rawQuery, name));
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public void setMethod(String method) {
    if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new IllegalArgumentException("method must be upper-case letters, was '" + method + "'");
    }
    this.method = method;
  }

  @Override
  public String path() {
    return path != null ? path : routerPath;
  }

  @Override
  public void setPath(String path) {
    if (!path.startsWith("/") || path.indexOf('?') >= 0) {
      throw new IllegalArgumentException("path must start with '/' and have no query, was '" + path + "'");
    }
    this.path = path;
  }

  @Override
  public void setBody(byte[] body) {
    this.body = body.clone();
    headers.remove("Transfer-Encoding");
    headers.set("Content-Length", Integer.toString(body.length));
  }

  @Override
  public void setTarget(String scheme, String host, int port) {
    boolean tls = switch (scheme) {
      case "http" -> false;
      case "https" -> true;
      default -> throw new IllegalArgumentException("scheme must be 'http' or 'https', was '" + scheme + "'");
    };
    if (host.isBlank()) throw new IllegalArgumentException("host must not be blank");
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
    this.target = new UpstreamTarget(tls, host, port);
  }
}
