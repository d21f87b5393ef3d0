/**
 * Kong's {@code ip-restriction} plugin (reference plugins §9): allow and deny lists of IPv4/IPv6
 * addresses and CIDR ranges, matched against the client address after {@code trusted_ips} and
 * {@code real_ip_header} (reference plugins §1.6).
 */
@NullMarked
package io.gatehouse.plugins.iprestriction;

import org.jspecify.annotations.NullMarked;
