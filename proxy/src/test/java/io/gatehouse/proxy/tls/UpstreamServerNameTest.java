package io.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamServerNameTest {
  @ParameterizedTest
  @CsvSource({
      "api.example.com:8443, api.example.com",
      "API.Example.com, api.example.com",
      "localhost, localhost",
      "example.com.:443, example.com",
      "127.0.0.1:8443, 127.0.0.1",
      "[::1]:443, ::1",
      "[2001:db8::1], 2001:db8::1",
  })
  void dropsThePortLikeNginx(String hostValue, String name) {
    assertThat(UpstreamServerName.of(hostValue)).isEqualTo(name);
  }

  @Test
  void noSniForIpLiterals() {
    assertThat(UpstreamServerName.sni("127.0.0.1")).isNull();
    assertThat(UpstreamServerName.sni("::1")).isNull();
    assertThat(UpstreamServerName.sni("localhost")).isEqualTo("localhost");
  }
}
