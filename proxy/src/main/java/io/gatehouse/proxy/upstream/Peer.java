package io.gatehouse.proxy.upstream;

import java.net.InetSocketAddress;

/**
 * The address chosen for one try.
 *
 * @param hostname the name for the upstream {@code Host} header and TLS SNI: the upstream's
 *     {@code host_header}, else the target's host name (or IP), else the service host
 * @param observer told how the try went
 */
public record Peer(InetSocketAddress address, String hostname, TryObserver observer) {
  /**
   * Kong's {@code set_host_header}: the host name plus {@code :port} unless the port is the
   * scheme's default.
   */
  public String hostHeader(boolean tls) {
    int port = address.getPort();
    String host = hostname.indexOf(':') >= 0 && !hostname.startsWith("[") ? "[" + hostname + "]" : hostname;
    return (tls ? port == 443 : port == 80) ? host : host + ":" + port;
  }
}
