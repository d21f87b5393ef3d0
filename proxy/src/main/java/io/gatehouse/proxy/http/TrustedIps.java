package io.gatehouse.proxy.http;

import io.gatehouse.net.CidrSet;
import io.gatehouse.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code trusted_ips}: a list of IPs and CIDRs, matched without DNS by the project's one
 * matcher ({@link CidrSet}: an IPv4-mapped peer matches as IPv4, as nginx's realip module does).
 */
public final class TrustedIps {
  private final CidrSet networks;

  private TrustedIps(CidrSet networks) {
    this.networks = networks;
  }

  /**
   * Parses entries like {@code 10.0.0.0/8}, {@code ::1}, {@code 0.0.0.0/0}; blank and
   * {@code unix:} entries are skipped.
   *
   * @throws IllegalArgumentException naming the entry that is not an IP or CIDR
   */
  public static TrustedIps of(List<String> entries) {
    List<String> ranges = new ArrayList<>(entries.size());
    for (String e : entries) {
      String s = e.trim();
      if (s.isEmpty() || s.startsWith("unix:")) continue;
      if (CidrSet.check(s) != null) {
        throw new IllegalArgumentException("trustedIps: '" + e + "' is not an IP address or CIDR");
      }
      ranges.add(s);
    }
    return new TrustedIps(CidrSet.of(ranges));
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** Whether an address (text form) is trusted; false for anything that is not an IP. */
  public boolean contains(@Nullable String ip) {
    return networks.contains(ip);
  }

  /**
   * The client address after nginx's realip processing: for a trusted peer with the real-IP header
   * set, the header's address (for {@code X-Forwarded-For}: the last entry, or with recursion the
   * last entry that is not trusted); otherwise the peer address.
   */
  public String realIp(String peer, @Nullable String headerValue, boolean forwardedFor, boolean recursive) {
    if (headerValue == null || !contains(peer)) return peer;
    if (!forwardedFor) {
      String v = headerValue.trim();
      return IpAddresses.parse(v) != null ? v : peer;
    }
    String[] parts = headerValue.split(",");
    String candidate = peer;
    for (int i = parts.length - 1; i >= 0; i--) {
      String v = parts[i].trim();
      if (IpAddresses.parse(v) == null) break;
      candidate = v;
      if (!recursive || !contains(v)) break;
    }
    return candidate;
  }
}
