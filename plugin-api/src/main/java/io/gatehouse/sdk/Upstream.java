package io.gatehouse.sdk;

import org.jspecify.annotations.Nullable;

/** The request that will be sent upstream ({@code kong.service.request}); starts as the client's. */
public interface Upstream {

  /** The first value of a header to be sent upstream, or null (case-insensitive). */
  @Nullable String header(String name);

  /**
   * Sets a header, replacing any of that name. Setting {@code Host} (Kong's {@code upstream_host})
   * sends it upstream as set, over the route's preserve_host, the upstream's host_header and the
   * target's host, on every try.
   */
  void setHeader(String name, String value);

  /** Adds a header value, keeping those already there. */
  void addHeader(String name, String value);

  /** Removes every value of a header. */
  void removeHeader(String name);

  /** The query string to send, or null for none. */
  @Nullable String rawQuery();

  /** Replaces the query string sent upstream (already encoded; null sends none). */
  void setRawQuery(@Nullable String rawQuery);

  /**
   * Removes every argument with this (decoded) name from the upstream query string, keeping the
   * others as sent and in order.
   */
  void removeQueryArg(String name);

  /** The method to send upstream (starts as the client's). */
  String method();

  /** Sends another method upstream ({@code kong.service.request.set_method}), upper case. */
  void setMethod(String method);

  /**
   * The path to be sent upstream, without the query (nginx's {@code $upstream_uri} path): the one a
   * plugin set, else the router's (after strip_path and the service path). In access.
   */
  String path();

  /**
   * Replaces the whole upstream path ({@code kong.service.request.set_path}): the route's
   * strip_path and the service path no longer apply. Must start with {@code /}; no query.
   */
  void setPath(String path);

  /**
   * Replaces the body sent upstream ({@code kong.service.request.set_raw_body}) and sets
   * {@code Content-Length}. Only in access, and only for a body the gateway read (see
   * a plugin that asked for the body) or a request without one.
   */
  void setBody(byte[] body);

  /**
   * Sends the request to this origin instead of the service's host, port and protocol
   * ({@code kong.service.set_target} with {@code kong.service.request.set_scheme}): the service's
   * upstream balancer is bypassed, the host is resolved by DNS, and the upstream {@code Host} becomes
   * {@code host} (with {@code :port} unless it is the scheme's default) unless the route preserves
   * the client's or a plugin set it. The service's timeouts and retries still apply; an {@code https}
   * origin uses the service's TLS settings when the service speaks https, else Kong's defaults
   * (no certificate verification). Only in access.
   *
   * @param scheme {@code http} or {@code https}
   * @param host a host name or IP address
   * @param port 1 to 65535
   */
  void setTarget(String scheme, String host, int port);
}
