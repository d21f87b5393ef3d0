package io.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers worked out by hand from the address arithmetic (RFC 4632 prefixes for IPv4,
 * RFC 4291 text and prefixes for IPv6, RFC 4291 §2.5.5.2 for IPv4-mapped), not from the code.
 */
class CidrSetTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      // IPv4 prefixes: /8 keeps the first octet, /32 one address, /0 everything
      "10.0.0.0/8, 10.255.255.255, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "10.0.0.0/8, 9.255.255.255, false",
      "192.168.1.0/24, 192.168.1.0, true",
      "192.168.1.0/24, 192.168.2.1, false",
      "192.168.1.7/32, 192.168.1.7, true",
      "192.168.1.7/32, 192.168.1.8, false",
      "192.168.1.7, 192.168.1.7, true",
      "0.0.0.0/0, 203.0.113.9, true",
      "0.0.0.0/0, 2001:db8::1, false",
      // a prefix that is not a multiple of 8: 172.16.0.0/12 is 172.16.0.0 - 172.31.255.255
      "172.16.0.0/12, 172.31.255.255, true",
      "172.16.0.0/12, 172.32.0.0, false",
      "172.16.0.0/12, 172.15.255.255, false",
      // host bits set in the entry are ignored, as nginx and ipmatcher mask them
      "10.1.2.3/8, 10.200.0.1, true",
      // IPv6
      "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
      "2001:db8::/32, 2001:db9::, false",
      "2001:db8::/33, 2001:db8:7fff::1, true",
      "2001:db8::/33, 2001:db8:8000::1, false",
      "::1/128, ::1, true",
      "::1/128, ::2, false",
      "::1, 0:0:0:0:0:0:0:1, true",
      "::/0, 2001:db8::1, true",
      "::/0, 10.0.0.1, false",
      "fe80::/10, fe80::1%eth0, true",
      "fe80::/10, [fe80::1], true",
      "fe80::/10, febf:ffff::1, true",
      "fe80::/10, fec0::1, false",
      // IPv4-mapped addresses match as IPv4 (nginx ngx_cidr_match)
      "10.0.0.0/8, ::ffff:10.1.2.3, true",
      "10.0.0.0/8, ::ffff:a01:203, true",
      "10.0.0.0/8, ::ffff:11.1.2.3, false",
      "192.0.2.1/32, [::ffff:192.0.2.1], true",
      // a mapped entry of /96 or more is the IPv4 range of the remaining bits
      "::ffff:10.0.0.0/104, 10.9.9.9, true",
      "::ffff:10.0.0.0/104, ::ffff:10.9.9.9, true",
      "::ffff:10.0.0.0/104, 11.0.0.1, false",
      "::ffff:0.0.0.0/96, 198.51.100.1, true",
      "::ffff:192.0.2.1, 192.0.2.1, true",
      // not mapped: the IPv4-compatible form ::a.b.c.d is a plain IPv6 address
      "10.0.0.0/8, ::10.1.2.3, false",
      "::10.1.2.3, ::a01:203, true",
  })
  void matches(String entry, String address, boolean expected) {
    assertThat(CidrSet.of(List.of(entry)).contains(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "10.0.0", "10.0.0.0.1", "256.0.0.1", "1.2.3.4/33", "1.2.3.4/-1",
      "1.2.3.4/", "1.2.3.4/ 8", "1.2.3.4/8/8", "::1/129", "2001:db8::/1000", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7", "12345::", "::g", "fe80::1%eth0", "[::1", "1.2.3.4a", "0x0a.0.0.1", "::ffff:1.2.3",
      "1:2:3:4:5:6:7::8", "::ffff:1.2.3.4.5", "1.2.3.04444"})
  void refusesWhatIsNotAnIpOrCidr(String entry) {
    assertThat(CidrSet.check(entry)).isEqualTo("invalid ip or cidr range: '" + entry + "'");
    assertThatThrownBy(() -> CidrSet.of(List.of("10.0.0.0/8", entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid ip or cidr range: '" + entry + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0/0", "255.255.255.255/32", "::/0", "::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
      "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::8", "[2001:db8::1]", "2001:DB8::ABCD", "::ffff:192.0.2.1/128",
      "1:2:3:4:5:6:1.2.3.4", "010.000.000.001"})
  void acceptsEveryTextForm(String entry) {
    assertThat(CidrSet.check(entry)).isNull();
  }

  @org.junit.jupiter.api.Test
  void anEmptySetContainsNothingAndNonAddressesAreNeverContained() {
    assertThat(CidrSet.of(List.of()).contains("10.0.0.1")).isFalse();
    assertThat(CidrSet.empty().isEmpty()).isTrue();
    CidrSet all = CidrSet.of(List.of("0.0.0.0/0", "::/0"));
    assertThat(all.contains((String) null)).isFalse();
    assertThat(all.contains("unix:")).isFalse();
    assertThat(all.contains("example.com")).isFalse();
    assertThat(all.contains(" 10.0.0.1")).isFalse();
  }
}
