package io.gatehouse.proxy.balancer;

import io.gatehouse.core.model.Target;
import io.netty.util.NetUtil;

/**
 * A target entity parsed for balancing: Kong stores {@code host:port} normalized ({@code [v6]:port}
 * for IPv6), so the port is always there.
 *
 * @param ip whether {@code host} is an IP literal (no DNS)
 */
public record TargetEntry(Target target, String host, int port, boolean ip) {
  static TargetEntry of(Target t) {
    String s = t.target();
    String host;
    int port = 8000;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      host = s.substring(1, end);
      if (end + 1 < s.length() && s.charAt(end + 1) == ':') port = Integer.parseInt(s.substring(end + 2));
    } else {
      int colon = s.lastIndexOf(':');
      boolean v6 = colon >= 0 && s.indexOf(':') != colon;
      host = colon < 0 || v6 ? s : s.substring(0, colon);
      if (colon >= 0 && !v6) port = Integer.parseInt(s.substring(colon + 1));
    }
    return new TargetEntry(t, host, port, NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host));
  }
}
