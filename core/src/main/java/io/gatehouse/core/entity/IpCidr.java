package io.gatehouse.core.entity;

import org.jspecify.annotations.Nullable;

/** Validation of Kong's {@code ip_or_cidr} values. */
public final class IpCidr {
  private IpCidr() {}

  public static @Nullable String error(String value) {
    int slash = value.indexOf('/');
    String ip = slash < 0 ? value : value.substring(0, slash);
    if (!Typedefs.isIp(ip)) {
      return "invalid ip or cidr range: '" + value + "'";
    }
    if (slash >= 0) {
      String bits = value.substring(slash + 1);
      int max = Typedefs.isIpv4(ip) ? 32 : 128;
      if (!bits.matches("^\\d{1,3}$") || Integer.parseInt(bits) > max) {
        return "invalid ip or cidr range: '" + value + "'";
      }
    }
    return null;
  }
}
