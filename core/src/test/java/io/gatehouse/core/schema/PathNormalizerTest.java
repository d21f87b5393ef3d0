package io.gatehouse.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kong's path normalization (reference §4.2) and upstream escaping (§4.5). */
class PathNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/|/",
      "/foo/bar|/foo/bar",
      "/foo//bar|/foo/bar",
      "//foo|/foo",
      "/foo/./bar|/foo/bar",
      "/foo/../bar|/bar",
      "/foo/..|/",
      "/foo/bar/..|/foo/",
      "/../../x|/x",
      "/foo/.|/foo/",
      "/%41%62c|/Abc",
      "/a%20b|/a b",
      "/a%2fb|/a%2Fb",
      "/a%2Fb|/a%2Fb",
      "/a%3fb|/a%3Fb",
      "/a%25b|/a%25b",
      "/a%zzb|/a%zzb",
      "/.hidden|/.hidden",
      "/a/...|/a/...",
  })
  void normalizes(String raw, String expected) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/foo/bar|/foo/bar",
      "/a b|/a%20b",
      "/a\"b|/a%22b",
      "/a%2Fb|/a%2Fb",
      "/x<y>|/x%3Cy%3E",
  })
  void escapes(String normalized, String expected) {
    assertThat(PathNormalizer.escape(normalized)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void normalPathsAreReturnedAsIs() {
    String p = "/already/normal";
    assertThat(PathNormalizer.normalize(p)).isSameAs(p);
  }
}
