package io.gatehouse.proxy.balancer;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The addresses a target name resolved to.
 *
 * @param type {@code A}, {@code AAAA}, {@code hosts} (from {@code /etc/hosts}) — what Kong shows as {@code dns}
 * @param error why there are no addresses, or null
 */
public record DnsAnswer(String type, List<InetAddress> addresses, @Nullable String error) {
  static DnsAnswer failed(String error) {
    return new DnsAnswer("A", List.of(), error);
  }
}
