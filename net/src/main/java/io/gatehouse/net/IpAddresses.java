package io.gatehouse.net;

import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals to their bytes, never through DNS. IPv4 is dotted decimal (four parts of
 * one to three digits, each at most 255); IPv6 is RFC 4291 text (one {@code ::} at most, an
 * optional dotted IPv4 tail), optionally in brackets.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * The 4 or 16 bytes of an address literal, or null when {@code text} is not one. A zone id
   * ({@code fe80::1%eth0}) is ignored, as a peer address may carry one. IPv4-mapped addresses
   * stay 16 bytes here; see {@link #unmapped(byte[])}.
   */
  public static byte @Nullable [] parse(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return ipv4(text, 0, text.length());
    }
    int from = 0;
    int to = text.length();
    if (text.charAt(0) == '[') {
      if (text.charAt(to - 1) != ']') {
        return null;
      }
      from = 1;
      to--;
    }
    int zone = text.indexOf('%', from);
    if (zone >= 0 && zone < to) {
      if (zone == to - 1) {
        return null; // "%" with no zone
      }
      to = zone;
    }
    return ipv6(text, from, to);
  }

  /** Whether {@code text} is an IPv4 or IPv6 literal without a zone id. */
  public static boolean isIp(String text) {
    return text.indexOf('%') < 0 && parse(text) != null;
  }

  /** Whether 16 address bytes are IPv4-mapped ({@code ::ffff:0:0/96}). */
  public static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
  }

  /** The IPv4 bytes of an IPv4-mapped address; any other address as given. */
  public static byte[] unmapped(byte[] address) {
    if (!isIpv4Mapped(address)) {
      return address;
    }
    return new byte[] {address[12], address[13], address[14], address[15]};
  }

  private static byte @Nullable [] ipv4(String s, int from, int to) {
    byte[] out = new byte[4];
    if (!ipv4Into(s, from, to, out, 0)) {
      return null;
    }
    return out;
  }

  private static boolean ipv4Into(String s, int from, int to, byte[] out, int at) {
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return false;
        }
        out[at + part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    return part == 4;
  }

  private static byte @Nullable [] ipv6(String s, int from, int to) {
    byte[] out = new byte[16];
    int groups = 0; // 16-bit groups written
    int gap = -1; // the group index where "::" stands
    int i = from;
    if (to - from >= 2 && s.charAt(from) == ':' && s.charAt(from + 1) == ':') {
      gap = 0;
      i = from + 2;
      if (i == to) {
        return out; // "::"
      }
    } else if (i < to && s.charAt(i) == ':') {
      return null; // a single leading colon
    }
    while (i < to) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 5 && hex(s.charAt(i)) >= 0) {
        value = (value << 4) | hex(s.charAt(i));
        i++;
      }
      if (i < to && s.charAt(i) == '.') { // a dotted IPv4 tail fills the last two groups
        if (groups > 6 || !ipv4Into(s, start, to, out, groups * 2)) {
          return null;
        }
        groups += 2;
        i = to;
        break;
      }
      int len = i - start;
      if (len == 0 || len > 4 || groups == 8) {
        return null;
      }
      out[groups * 2] = (byte) (value >> 8);
      out[groups * 2 + 1] = (byte) value;
      groups++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null; // a second "::"
        }
        gap = groups;
        i++;
      } else if (i == to) {
        return null; // a trailing single colon
      }
    }
    if (gap < 0) {
      return groups == 8 ? out : null;
    }
    if (groups == 8) {
      return null; // "::" must stand for at least one group
    }
    int tail = (groups - gap) * 2;
    System.arraycopy(out, gap * 2, out, 16 - tail, tail);
    java.util.Arrays.fill(out, gap * 2, 16 - tail, (byte) 0);
    return out;
  }

  /** The value of an ASCII hex digit, or -1. */
  private static int hex(char c) {
    return HexFormat.isHexDigit(c) ? HexFormat.fromHexDigit(c) : -1;
  }
}
