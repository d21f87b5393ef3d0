package io.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Address bytes written out by hand from RFC 4291 §2.2's text forms. */
class IpAddressesTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      "192.0.2.33, c0000221",
      "0.0.0.0, 00000000",
      "255.255.255.255, ffffffff",
      "2001:DB8:0:0:8:800:200C:417A, 20010db8000000000008080020 0c417a",
      "2001:db8::8:800:200c:417a, 20010db80000000000080800200c417a",
      "ff01::101, ff010000000000000000000000000101",
      "::1, 00000000000000000000000000000001",
      "::, 00000000000000000000000000000000",
      "0:0:0:0:0:0:13.1.68.3, 0000000000000000000000000d014403",
      "::13.1.68.3, 0000000000000000000000000d014403",
      "::ffff:129.144.52.38, 00000000000000000000ffff81903426",
      "::FFFF:129.144.52.38, 00000000000000000000ffff81903426",
      "[::1], 00000000000000000000000000000001",
      "fe80::1%eth0, fe800000000000000000000000000001",
      "1:2:3:4:5:6:7::, 00010002000300040005000600070000",
  })
  void parsesTheRfc4291TextForms(String text, String hex) {
    assertThat(HexFormat.of().formatHex(IpAddresses.parse(text))).isEqualTo(hex.replace(" ", ""));
  }

  @ParameterizedTest
  @CsvSource({"::ffff:129.144.52.38, true", "::ffff:0:0, true", "::129.144.52.38, false", "::fffe:129.144.52.38, false",
      "129.144.52.38, false", "0:0:0:0:1:ffff:8190:3426, false"})
  void knowsIpv4MappedAddresses(String text, boolean mapped) {
    assertThat(IpAddresses.isIpv4Mapped(IpAddresses.parse(text))).isEqualTo(mapped);
  }

  @org.junit.jupiter.api.Test
  void unmapsToTheIpv4Bytes() {
    assertThat(IpAddresses.unmapped(IpAddresses.parse("::ffff:129.144.52.38")))
        .containsExactly(129, 144, 52, 38);
    byte[] v6 = IpAddresses.parse("2001:db8::1");
    assertThat(IpAddresses.unmapped(v6)).isSameAs(v6);
    assertThat(IpAddresses.isIp("fe80::1%eth0")).isFalse();
    assertThat(IpAddresses.parse("fe80::1%")).isNull();
  }
}
