package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadRulesTest {
  private static final List<String> HEADERS = List.of("authorization", "cookie");

  private static PayloadRules rules(List<String> paths, List<String> patterns) {
    return new PayloadRules(true, true, true, 4096, HEADERS, paths, patterns);
  }

  private static String[] render(PayloadRules r, String body, long total, String type) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return r.render(new CapturedPayload(r, Map.of("Authorization", List.of("Bearer t"), "Accept", List.of("a", "b")),
        b, total < 0 ? b.length : total, type, null, null, 0, null));
  }

  @Test
  void headersAreRedactedByNameWhateverTheCase() {
    String[] out = render(rules(List.of(), List.of()), "", -1, null);
    assertThat(out[0]).isEqualTo("{\"accept\":[\"a\",\"b\"],\"authorization\":\"[REDACTED]\"}");
    assertThat(out[2]).isNull();
    assertThat(out[3]).isNull();
  }

  @Test
  void jsonPathsRedactValuesAtAnyDepthWithWildcards() {
    String body = "{\"password\":\"p\",\"card\":{\"number\":\"1\",\"name\":\"n\"},\"items\":[{\"token\":\"t1\"},{\"token\":\"t2\"}]}";
    String[] out = render(rules(List.of("$.password", "card.number", "items[*].token"), List.of()), body, -1,
        "application/json; charset=utf-8");
    assertThat(out[1]).isEqualTo("{\"password\":\"[REDACTED]\",\"card\":{\"number\":\"[REDACTED]\",\"name\":\"n\"},"
        + "\"items\":[{\"token\":\"[REDACTED]\"},{\"token\":\"[REDACTED]\"}]}");
  }

  @Test
  void aJsonBodyThatCannotBeParsedIsNotStoredWhenPathsMustBeRedacted() {
    PayloadRules r = rules(List.of("$.password"), List.of());
    assertThat(render(r, "{\"password\":\"p\",\"x\":", 40, "application/json")[1]).startsWith("[not stored:")
        .doesNotContain("\"p\"");
    assertThat(render(r, "not json", -1, "application/json")[1]).startsWith("[not stored:");
    // a body that is not JSON by its type is left to the patterns
    assertThat(render(r, "password=p", -1, "text/plain")[1]).isEqualTo("password=p");
  }

  @Test
  void patternsRedactEveryMatchAndACutBodySaysHowMuchIsMissing() {
    PayloadRules r = rules(List.of(), List.of("\\d{4}-\\d{4}", "secret"));
    assertThat(render(r, "a 1234-5678 b secret c 9999-0000", 100, "text/plain")[1])
        .isEqualTo("a [REDACTED] b [REDACTED] c [REDACTED][… 68 more bytes]");
  }

  @Test
  void anEmptyPathIsRefused() {
    assertThatThrownBy(() -> PayloadRules.splitPath("$.")).isInstanceOf(IllegalArgumentException.class);
    assertThat(new CallLogPlugin.JsonPath().check("$.")).contains("empty JSON path");
    assertThat(new CallLogPlugin.Re2().check("(")).startsWith("invalid regex");
    assertThat(new CallLogPlugin.Re2().check("a+")).isNull();
  }
}
