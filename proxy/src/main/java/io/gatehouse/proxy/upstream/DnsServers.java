package io.gatehouse.proxy.upstream;

import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The name servers Gatehouse asks (Kong's {@code dns_resolver}): empty means the system's
 * ({@code /etc/resolv.conf}); otherwise these, in order.
 */
public record DnsServers(List<InetSocketAddress> servers) {
  public DnsServers {
    servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
  }

  public static DnsServers system() {
    return new DnsServers(List.of());
  }

  /**
   * Parses Kong's {@code dns_resolver} list: {@code ip}, {@code ip:port}, {@code [v6]:port}; port 53 by default.
   *
   * @throws IllegalArgumentException on an entry that is not an IP address
   */
  public static DnsServers parse(List<String> entries) {
    return new DnsServers(entries.stream().map(String::trim).filter(s -> !s.isEmpty()).map(DnsServers::address).toList());
  }

  private static InetSocketAddress address(String s) {
    String host = s;
    int port = 53;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      host = s.substring(1, end);
      if (end + 2 < s.length()) port = Integer.parseInt(s.substring(end + 2));
    } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
    }
    byte[] ip = io.netty.util.NetUtil.createByteArrayFromIpAddressString(host);
    if (ip == null) throw new IllegalArgumentException("dns_resolver: expected an IP address[:port], got '" + s + "'");
    try {
      return new InetSocketAddress(java.net.InetAddress.getByAddress(ip), port);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("dns_resolver: " + e.getMessage(), e);
    }
  }

  /** A resolver builder on this loop asking these servers. */
  public DnsNameResolverBuilder builder(EventLoop loop, Transport transport) {
    DnsNameResolverBuilder b = new DnsNameResolverBuilder(loop).datagramChannelType(transport.datagramChannel());
    if (!servers.isEmpty()) {
      b.nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers.toArray(InetSocketAddress[]::new)));
    }
    return b;
  }
}
