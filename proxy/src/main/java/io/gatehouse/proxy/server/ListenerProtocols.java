package io.gatehouse.proxy.server;

/** What a client listener speaks: HTTP/1.x only, or HTTP/2 too (Kong's {@code http2} listener flag). */
public enum ListenerProtocols {
  HTTP1,
  /** h2 through ALPN on TLS, h2c with prior knowledge on plain HTTP; HTTP/1.1 still served. */
  H2_AND_HTTP1
}
