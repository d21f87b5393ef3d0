/**
 * Network text every module needs, written once and depending on nothing but the JDK:
 * {@link io.gatehouse.net.IpAddresses} (IP literals to bytes, no DNS), {@link io.gatehouse.net.CidrSet}
 * (IP/CIDR lists; IPv4-mapped IPv6 addresses match as IPv4, as in nginx's {@code ngx_cidr_match}) and
 * {@link io.gatehouse.net.FormCodec} (form bodies and query strings, decoded as nginx does).
 */
@NullMarked
package io.gatehouse.net;

import org.jspecify.annotations.NullMarked;
