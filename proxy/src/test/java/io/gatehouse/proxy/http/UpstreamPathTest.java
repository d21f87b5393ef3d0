package io.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of Kong's worked-example table (reference §4.5), route path {@code /foo}. */
class UpstreamPathTest {

  @ParameterizedTest(name = "service.path={0} strip={1} {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "null |true |/foo     |/",
      "null |true |/foo/    |/",
      "null |true |/foo/bar |/bar",
      "null |true |/foobar  |/bar",
      "null |false|/foo/bar |/foo/bar",
      "/svc |true |/foo     |/svc",
      "/svc |true |/foo/    |/svc/",
      "/svc |true |/foo/bar |/svc/bar",
      "/svc |true |/foobar  |/svc/bar",
      "/svc |false|/foo/bar |/svc/foo/bar",
      "/svc/|true |/foo     |/svc",
      "/svc/|true |/foo/bar |/svc/bar",
      "/svc/|false|/foo/bar |/svc/foo/bar",
  })
  void workedExamples(String servicePath, boolean strip, String request, String expected) {
    assertThat(UpstreamPath.build(request.trim(), "/foo", strip, servicePath == null ? null : servicePath.trim()))
        .isEqualTo(expected.trim());
  }

  @ParameterizedTest(name = "base={0} strip={1} req={2} prefix={3} -> {4}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // regex example of §4.5: prefix is the whole regex match
      "/svc |true |/users/42/profile|/users/42|/svc/profile",
      // base ends with /, strip, empty postfix, request ends with /
      "/svc/|true |/foo/            |/foo/    |/svc/",
      // base without /, strip, empty postfix, request is just /
      "/svc |true |/                |/        |/svc",
      // no strip, request is /
      "/svc |false|/                |/        |/svc",
      "/    |false|/                |/        |/",
      // route without paths uses prefix /
      "/svc |true |/a/b             |/        |/svc/a/b",
      // upstream path re-escaped
      "null |false|/a b             |/        |/a%20b",
  })
  void otherRows(String base, boolean strip, String req, String prefix, String expected) {
    assertThat(UpstreamPath.build(req.trim(), prefix.trim(), strip, base == null ? null : base.trim()))
        .isEqualTo(expected.trim());
  }
}
