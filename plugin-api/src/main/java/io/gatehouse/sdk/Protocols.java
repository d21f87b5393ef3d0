package io.gatehouse.sdk;

import java.util.Set;

/** The protocol sets a plugin may be configured for (Kong's typedefs). */
public enum Protocols {
  /** {@code protocols_http}: grpc, grpcs, http, https. */
  HTTP(Set.of("grpc", "grpcs", "http", "https")),
  /** {@code protocols_http} plus tcp and tls (ip-restriction). */
  HTTP_AND_TCP(Set.of("grpc", "grpcs", "http", "https", "tcp", "tls")),
  /** {@code typedefs.protocols}: every protocol (request-transformer, proxy-cache …). */
  ALL(Set.of("grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"));

  private final Set<String> names;

  Protocols(Set<String> names) {
    this.names = names;
  }

  /** The protocol names, as Kong writes them in a plugin's {@code protocols}. */
  public Set<String> names() {
    return names;
  }
}
