package io.gatehouse.proxy.tls;

import io.netty.util.NetUtil;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The name an origin connection is opened for, from the upstream {@code Host} value: nginx's
 * {@code proxy_ssl_name $upstream_host} drops the port, and sends no SNI for an IP literal (the
 * certificate is still checked against the IP).
 */
public final class UpstreamServerName {
  private UpstreamServerName() {}

  /** {@code api.example.com:8443} → {@code api.example.com}; {@code [::1]:443} → {@code ::1}. */
  public static String of(String hostValue) {
    String h = hostValue.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(1, end) : h;
    }
    int colon = h.indexOf(':');
    if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon); // host:port, not a bare IPv6
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    return h.toLowerCase(Locale.ROOT);
  }

  /** The SNI for a name, or null for an IP literal. */
  public static @Nullable String sni(String name) {
    if (name.isEmpty() || NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) return null;
    return name;
  }
}
