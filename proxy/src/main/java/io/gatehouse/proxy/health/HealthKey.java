package io.gatehouse.proxy.health;

/**
 * Identifies one checked address, like lua-resty-healthcheck: the upstream, the target's host name
 * (or IP) and the resolved ip and port. The same key in the next config version finds the same state.
 */
public record HealthKey(String upstreamId, String hostname, String ip, int port) {
  /** {@code ip:port}, IPv6 in brackets. */
  public String address() {
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
  }
}
