package io.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** nginx realip semantics (set_real_ip_from, real_ip_header, real_ip_recursive), as Kong's trusted_ips uses them. */
class TrustedIpsTest {

  @Test
  void anIpv4MappedPeerIsMatchedAsIpv4AsNginxDoes() {
    TrustedIps t = TrustedIps.of(List.of("127.0.0.0/8"));
    assertThat(t.contains("::ffff:127.0.0.1")).isTrue();
    assertThat(t.realIp("::ffff:127.0.0.1", "203.0.113.7", true, false)).isEqualTo("203.0.113.7");
    assertThat(t.contains("::1")).isFalse();
  }

  @Test
  void forwardedForTakesTheLastEntryOrWithRecursionTheLastUntrustedOne() {
    TrustedIps t = TrustedIps.of(List.of("10.0.0.0/8", "unix:", " "));
    assertThat(t.realIp("10.0.0.1", "198.51.100.1, 10.0.0.2", true, false)).isEqualTo("10.0.0.2");
    assertThat(t.realIp("10.0.0.1", "198.51.100.1, 10.0.0.2", true, true)).isEqualTo("198.51.100.1");
    assertThat(t.realIp("10.0.0.1", "garbage", true, true)).isEqualTo("10.0.0.1");
    assertThat(t.realIp("192.0.2.1", "198.51.100.1", true, true)).isEqualTo("192.0.2.1"); // untrusted peer
    assertThat(t.realIp("10.0.0.1", " 2001:db8::1 ", false, false)).isEqualTo("2001:db8::1");
  }

  @Test
  void refusesAnEntryThatIsNotAnIpOrCidr() {
    assertThatThrownBy(() -> TrustedIps.of(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trustedIps: '10.0.0.0/33' is not an IP address or CIDR");
  }
}
