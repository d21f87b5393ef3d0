package io.gatehouse.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kong's kong.conf syntax (conf_loader/parse.lua). */
class ConfFileParserTest {
  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("log_level = debug", Map.of("log_level", "debug")),
        Arguments.of("log_level=debug", Map.of("log_level", "debug")),
        Arguments.of("  log_level   =   debug   ", Map.of("log_level", "debug")),
        Arguments.of("log_level = debug # a comment", Map.of("log_level", "debug")),
        Arguments.of("# log_level = debug", Map.of()),
        Arguments.of("\n\n   \n", Map.of()),
        Arguments.of("pg_password = a\\#b#c", Map.of("pg_password", "a#b")),
        Arguments.of("LOG_LEVEL = info", Map.of("log_level", "info")),
        Arguments.of("trusted_ips = 0.0.0.0/0, ::/0", Map.of("trusted_ips", "0.0.0.0/0, ::/0")),
        Arguments.of("pg_password =", Map.of("pg_password", "")),
        Arguments.of("real_ip_header = a=b", Map.of("real_ip_header", "a=b")),
        Arguments.of("log_level = debug\r\nlog_level = warn", Map.of("log_level", "warn")));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void parses(String text, Map<String, String> expected) {
    assertThat(ConfFileParser.parse("test.conf", text)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void reportsEveryBadLineWithItsNumber() {
    assertThatThrownBy(() -> ConfFileParser.parse("test.conf", "log_level = debug\njust words\n= x\n"))
        .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.errors()).containsExactly(
            "test.conf:2: expected 'key = value', got 'just words'",
            "test.conf:3: expected 'key = value', got '= x'"));
  }
}
