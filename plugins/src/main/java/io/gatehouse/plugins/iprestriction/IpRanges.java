package io.gatehouse.plugins.iprestriction;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A list of IPv4/IPv6 addresses and CIDR ranges, parsed once when the config is bound. Matching
 * parses the client address without DNS and compares prefixes: no allocation beyond the address
 * bytes.
 */
final class IpRanges {
  private final byte[][] networks;
  private final int[] bits;

  private IpRanges(byte[][] networks, int[] bits) {
    this.networks = networks;
    this.bits = bits;
  }

  static final IpRanges EMPTY = new IpRanges(new byte[0][], new int[0]);

  /**
   * @throws IllegalArgumentException naming an entry that is not an IP or CIDR (the schema has
   *     already refused those)
   */
  static IpRanges of(@Nullable List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return EMPTY;
    }
    List<byte[]> nets = new ArrayList<>();
    List<Integer> prefixes = new ArrayList<>();
    for (String entry : entries) {
      String s = entry.trim();
      int slash = s.indexOf('/');
      byte[] addr = address(slash < 0 ? s : s.substring(0, slash));
      if (addr == null) {
        throw new IllegalArgumentException("invalid ip or cidr range: '" + entry + "'");
      }
      int prefix = addr.length * 8;
      if (slash >= 0) {
        prefix = Integer.parseInt(s.substring(slash + 1));
        if (prefix < 0 || prefix > addr.length * 8) {
          throw new IllegalArgumentException("invalid ip or cidr range: '" + entry + "'");
        }
      }
      nets.add(addr);
      prefixes.add(prefix);
    }
    return new IpRanges(nets.toArray(byte[][]::new), prefixes.stream().mapToInt(Integer::intValue).toArray());
  }

  boolean isEmpty() {
    return networks.length == 0;
  }

  /** Whether the address is in any range; false for anything that is not an IP address. */
  boolean contains(byte @Nullable [] addr) {
    if (addr == null) {
      return false;
    }
    for (int i = 0; i < networks.length; i++) {
      byte[] n = networks[i];
      if (n.length == addr.length && prefixEquals(n, addr, bits[i])) {
        return true;
      }
    }
    return false;
  }

  private static boolean prefixEquals(byte[] n, byte[] a, int bits) {
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (n[i] != a[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (n[full] & mask) == (a[full] & mask);
  }

  /**
   * The bytes of an IPv4 or IPv6 literal (brackets and a zone id allowed), or null. Never
   * resolves names: only strings made of address characters reach {@link InetAddress}. An
   * IPv4-mapped IPv6 address comes back as its IPv4 bytes, as nginx's realip sees it.
   */
  static byte @Nullable [] address(String s) {
    if (s.isEmpty()) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      return ipv4(s);
    }
    String x = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    int zone = x.indexOf('%');
    if (zone >= 0) {
      x = x.substring(0, zone);
    }
    for (int i = 0; i < x.length(); i++) {
      char c = x.charAt(i);
      if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return null;
      }
    }
    try {
      InetAddress a = InetAddress.getByName(x);
      return a.getAddress(); // an IPv4-mapped IPv6 address comes back as IPv4
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte @Nullable [] ipv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i <= s.length(); i++) {
      char c = i == s.length() ? '.' : s.charAt(i);
      if (c == '.') {
        if (value < 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
      } else if (c >= '0' && c <= '9') {
        value = value < 0 ? c - '0' : value * 10 + (c - '0');
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }
}
