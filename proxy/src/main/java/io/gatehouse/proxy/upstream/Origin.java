package io.gatehouse.proxy.upstream;

/**
 * Where a service sends requests, as configured: its host (a name, an IP literal, or an upstream's
 * name) and port. Implemented by the compiled service; picking a peer needs nothing more, which
 * keeps this package below {@code proxy.balancer} and {@code proxy.runtime}.
 */
public interface Origin {
  /** The service's {@code host}. */
  String host();

  /** The service's {@code port}. */
  int port();
}
