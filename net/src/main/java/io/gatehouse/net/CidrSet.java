package io.gatehouse.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A list of IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
 * {@code 192.0.2.1}), parsed once and matched without DNS or allocation.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) match as the IPv4 address, as nginx's
 * {@code ngx_cidr_match} does; a mapped entry with a prefix of 96 bits or more is the IPv4 range
 * of the remaining bits. See the module README for why this rule and how Kong differs.
 */
public final class CidrSet {
  private static final CidrSet EMPTY = new CidrSet(new byte[0][], new int[0]);

  private final byte[][] networks;
  private final int[] prefixes;

  private CidrSet(byte[][] networks, int[] prefixes) {
    this.networks = networks;
    this.prefixes = prefixes;
  }

  /** The set that contains nothing. */
  public static CidrSet empty() {
    return EMPTY;
  }

  /**
   * Parses entries (surrounding whitespace ignored).
   *
   * @throws IllegalArgumentException {@code invalid ip or cidr range: '<entry>'} for the first
   *     entry that is neither an IP nor a CIDR
   */
  public static CidrSet of(@Nullable Collection<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return EMPTY;
    }
    List<byte[]> nets = new ArrayList<>(entries.size());
    int[] bits = new int[entries.size()];
    for (String entry : entries) {
      Objects.requireNonNull(entry, "entries must not contain null");
      Range r = range(entry.trim());
      if (r == null) {
        throw new IllegalArgumentException(error(entry));
      }
      bits[nets.size()] = r.prefix;
      nets.add(r.network);
    }
    return new CidrSet(nets.toArray(byte[][]::new), bits);
  }

  /** Null when {@code entry} is an IP or CIDR; otherwise Kong's message for it. */
  public static @Nullable String check(String entry) {
    return range(entry) == null ? error(entry) : null;
  }

  private static String error(String entry) {
    return "invalid ip or cidr range: '" + entry + "'";
  }

  public boolean isEmpty() {
    return networks.length == 0;
  }

  /** Whether {@code ip} (text, brackets and zone id allowed) is in the set; false for non-addresses. */
  public boolean contains(@Nullable String ip) {
    if (networks.length == 0) {
      return false;
    }
    byte[] a = IpAddresses.parse(ip);
    return a != null && contains(a);
  }

  /** Whether address bytes (4 or 16) are in the set. */
  public boolean contains(byte[] address) {
    Objects.requireNonNull(address, "address");
    boolean mapped = IpAddresses.isIpv4Mapped(address);
    int length = mapped ? 4 : address.length;
    int offset = mapped ? 12 : 0;
    for (int i = 0; i < networks.length; i++) {
      byte[] n = networks[i];
      if (n.length == length && prefixEquals(n, address, offset, prefixes[i])) {
        return true;
      }
    }
    return false;
  }

  private static boolean prefixEquals(byte[] network, byte[] a, int offset, int bits) {
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (network[i] != a[offset + i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (network[full] & mask) == (a[offset + full] & mask);
  }

  private record Range(byte[] network, int prefix) {}

  private static @Nullable Range range(String s) {
    if (s.indexOf('%') >= 0) {
      return null; // a zone id belongs to a peer, not to a configured range
    }
    int slash = s.indexOf('/');
    byte[] address = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
    if (address == null) {
      return null;
    }
    int prefix = address.length * 8;
    if (slash >= 0) {
      String bits = s.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      prefix = Integer.parseInt(bits);
      if (prefix > address.length * 8) {
        return null;
      }
    }
    if (IpAddresses.isIpv4Mapped(address) && prefix >= 96) {
      return new Range(IpAddresses.unmapped(address), prefix - 96);
    }
    return new Range(address, prefix);
  }
}
