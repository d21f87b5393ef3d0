package io.gatehouse.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kong's {@code dns_resolver} list: {@code ip}, {@code ip:port}, {@code [v6]:port}, port 53 by default. */
class DnsServersTest {
  @Test
  void parsesKongsForms() {
    assertThat(DnsServers.parse(List.of("10.0.0.2", " 10.0.0.3:5353 ", "[::1]:54", "::1", "")).servers())
        .containsExactly(new InetSocketAddress("10.0.0.2", 53), new InetSocketAddress("10.0.0.3", 5353),
            new InetSocketAddress("::1", 54), new InetSocketAddress("::1", 53));
    assertThat(DnsServers.parse(List.of()).servers()).isEmpty();
  }

  @Test
  void aNameIsRejectedWithTheSettingNamed() {
    assertThatThrownBy(() -> DnsServers.parse(List.of("dns.example.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dns_resolver")
        .hasMessageContaining("dns.example.com");
  }
}
