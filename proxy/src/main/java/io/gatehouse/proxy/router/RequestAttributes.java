package io.gatehouse.proxy.router;

import io.gatehouse.core.schema.PathNormalizer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the router reads from a request (Kong §4.2). Implementations must not copy per call. */
public interface RequestAttributes {
  /** The request method, e.g. {@code GET}. */
  String method();

  /** The host name from the Host header, without port, lower-case; empty when absent. */
  String host();

  /** The Host header port, else the listening port. */
  int port();

  /** The normalized path ({@link PathNormalizer}), without query. */
  String path();

  /** All values of a request header; {@code name} is lower-case. Empty when absent. */
  List<String> headerValues(String name);

  /**
   * The TLS server name, lower-case; empty when the TLS client sent none (a route with {@code snis}
   * then does not match, as in Kong); null for plain-text connections (where Kong ignores {@code snis}).
   */
  @Nullable String sni();

  /** The query string after '?', verbatim; null when there was none (read by expression routes). */
  default @Nullable String query() {
    return null;
  }

  /** The client's address ({@code net.src.*} of expression routes); null when unknown. */
  default java.net.@Nullable InetSocketAddress remoteAddress() {
    return null;
  }

  /** The address the request arrived on ({@code net.dst.*} of expression routes); null when unknown. */
  default java.net.@Nullable InetSocketAddress localAddress() {
    return null;
  }
}
