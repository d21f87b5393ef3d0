package io.gatehouse.core.entity;

import io.gatehouse.net.CidrSet;
import org.jspecify.annotations.Nullable;

/** Validation of Kong's {@code ip_or_cidr} values (the project's one parser: {@link CidrSet}). */
public final class IpCidr {
  private IpCidr() {}

  /** Null when {@code value} is an IP or CIDR; else {@code invalid ip or cidr range: '<value>'}. */
  public static @Nullable String error(String value) {
    return CidrSet.check(value);
  }
}
