package io.gatehouse.proxy.http;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Kong's {@code trusted_ips}: a list of IPs and CIDRs, matched without DNS. */
public final class TrustedIps {
  private final List<byte[]> networks = new ArrayList<>();
  private final List<Integer> bits = new ArrayList<>();

  private TrustedIps() {}

  /**
   * Parses entries like {@code 10.0.0.0/8}, {@code ::1}, {@code 0.0.0.0/0}.
   *
   * @throws IllegalArgumentException naming the entry that is not an IP or CIDR
   */
  public static TrustedIps of(List<String> entries) {
    TrustedIps t = new TrustedIps();
    for (String e : entries) {
      String s = e.trim();
      if (s.isEmpty() || s.startsWith("unix:")) continue;
      int slash = s.indexOf('/');
      byte[] addr = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? s : s.substring(0, slash));
      if (addr == null) throw new IllegalArgumentException("trustedIps: '" + e + "' is not an IP address or CIDR");
      int prefix = addr.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException("trustedIps: '" + e + "' has an invalid prefix length");
        }
        if (prefix < 0 || prefix > addr.length * 8) {
          throw new IllegalArgumentException("trustedIps: '" + e + "' has an invalid prefix length");
        }
      }
      t.networks.add(addr);
      t.bits.add(prefix);
    }
    return t;
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** Whether an address (text form) is trusted; false for anything that is not an IP. */
  public boolean contains(@Nullable String ip) {
    if (ip == null || networks.isEmpty()) return false;
    byte[] a = NetUtil.createByteArrayFromIpAddressString(ip);
    if (a == null) return false;
    for (int i = 0; i < networks.size(); i++) {
      byte[] n = networks.get(i);
      if (n.length == a.length && prefixEquals(n, a, bits.get(i))) return true;
    }
    return false;
  }

  private static boolean prefixEquals(byte[] n, byte[] a, int bits) {
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (n[i] != a[i]) return false;
    }
    int rest = bits % 8;
    if (rest == 0) return true;
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (n[full] & mask) == (a[full] & mask);
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
      return NetUtil.isValidIpV4Address(v) || NetUtil.isValidIpV6Address(v) ? v : peer;
    }
    String[] parts = headerValue.split(",");
    String candidate = peer;
    for (int i = parts.length - 1; i >= 0; i--) {
      String v = parts[i].trim();
      if (!(NetUtil.isValidIpV4Address(v) || NetUtil.isValidIpV6Address(v))) break;
      candidate = v;
      if (!recursive || !contains(v)) break;
    }
    return candidate;
  }
}
