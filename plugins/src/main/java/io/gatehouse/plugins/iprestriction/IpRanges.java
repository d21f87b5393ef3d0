package io.gatehouse.plugins.iprestriction;

import io.gatehouse.net.CidrSet;
import io.gatehouse.net.IpAddresses;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The plugin's allow/deny lists, parsed once when the config is bound, matched by the project's
 * one matcher ({@link CidrSet}: an IPv4-mapped client address matches as IPv4, as nginx does).
 */
final class IpRanges {
  static final IpRanges EMPTY = new IpRanges(CidrSet.empty());

  private final CidrSet set;

  private IpRanges(CidrSet set) {
    this.set = set;
  }

  /**
   * @throws IllegalArgumentException naming an entry that is not an IP or CIDR (the schema has
   *     already refused those)
   */
  static IpRanges of(@Nullable List<String> entries) {
    return entries == null || entries.isEmpty() ? EMPTY : new IpRanges(CidrSet.of(entries));
  }

  boolean isEmpty() {
    return set.isEmpty();
  }

  /** Whether the address is in any range; false for anything that is not an IP address. */
  boolean contains(byte @Nullable [] addr) {
    return addr != null && set.contains(addr);
  }

  /** The bytes of an IPv4 or IPv6 literal (brackets and a zone id allowed), or null; never resolves names. */
  static byte @Nullable [] address(String s) {
    return IpAddresses.parse(s);
  }
}
