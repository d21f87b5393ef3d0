package io.gatehouse.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** nginx's request-line and Host checks ({@code ngx_http_parse_request_line}, {@code _parse_complex_uri}, {@code _validate_host}). */
class NginxRequestRulesTest {

  @ParameterizedTest(name = "method {0} -> {1}")
  @CsvSource({
      "GET, true", "POST, true", "M-SEARCH, true", "VERSION_CONTROL, true", "PROPFIND, true",
      "get, false", "Get, false", "GET1, false", "G.T, false", "GE/T, false", "'', false", "GÉT, false"})
  void method(String method, boolean valid) {
    assertThat(NginxRequestRules.validMethod(method)).isEqualTo(valid);
  }

  @ParameterizedTest(name = "host [{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "example.com | true", "example.com:8080 | true", "[::1]:8000 | true", "127.0.0.1 | true", "example.com. | true",
      "EXAMPLE.com | true", "a b | false", "a\tb | false", "a\u0001b | false", "a/b | false", "a..b | false",
      ".example.com | true", "'' | false", "ex\u007Fample | false"})
  void host(String host, boolean valid) {
    assertThat(NginxRequestRules.validHost(host)).isEqualTo(valid);
  }

  @ParameterizedTest(name = "path {0} -> {1}")
  @CsvSource({
      // fine
      "/, true", "/a/b, true", "/a/../b, true", "/a/./b, true", "/a/.., true", "/a//..//b, true", "/%41%62, true",
      "/a/b/..%2fc, true", "/a/%2e%2e/b, true", "/a.., true", "/...., true", "/a/..b, true", "/%2F, true",
      // above the root
      "/.., false", "/../a, false", "/a/../.., false", "/v59/%2e%2e/%2e%2e/etc/passwd, false",
      "/a/..%2f..%2fetc, false", "/%2e%2e/x, false", "/%2E%2e, false", "/a/%2e%2e%2f%2e%2e%2fb, false",
      "//..//x, false", "/./../x, false",
      // bad percent-encoding or NUL
      "/a%%%, false", "/a%, false", "/a%4, false", "/a%zz, false", "/a%4g/b, false", "/a%00b, false"})
  void path(String path, boolean valid) {
    assertThat(NginxRequestRules.validPath(path)).isEqualTo(valid);
  }
}
