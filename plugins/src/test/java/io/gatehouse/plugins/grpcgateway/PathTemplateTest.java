package io.gatehouse.plugins.grpcgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** google.api.http path templates matched as Kong's parse_options_path compiles them. */
class PathTemplateTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "/v1/messages/{greeting}|/v1/messages/john|greeting=john",
      "/v1/messages/{greeting}|/v1/messages/john/doe|NONE",
      "/v1/messages/{greeting}|/v1/messages/|NONE",
      "/v1/messages/{greeting=*}|/v1/messages/x|greeting=x",
      "/v1/messages/legacy/{greeting=**}|/v1/messages/legacy/a/b/c|greeting=a/b/c",
      "/v1/{name=shelves/*}/books|/v1/shelves/s1/books|name=shelves/s1",
      "/v1/{name=shelves/*}/books|/v1/racks/s1/books|NONE",
      "/v1/{a}/{b.c}|/v1/x/y|a=x;b.c=y",
      "/v1/a.b|/v1/a.b|-",
      "/v1/a.b|/v1/axb|NONE",
      "/v1/things:verb|/v1/things:verb|-",
  })
  void matches(String template, String path, String expected) {
    Map<String, String> vars = PathTemplate.compile(template).match(path);
    if (expected == null) {
      assertThat(vars).isNull();
      return;
    }
    StringBuilder got = new StringBuilder();
    vars.forEach((k, v) -> got.append(got.isEmpty() ? "" : ";").append(k).append('=').append(v));
    assertThat(got.isEmpty() ? "-" : got.toString()).isEqualTo(expected);
  }
}
