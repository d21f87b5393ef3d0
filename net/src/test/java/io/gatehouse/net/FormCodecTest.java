package io.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers from the encodings themselves: UTF-8 byte sequences (RFC 3629), percent-escapes
 * (RFC 3986 §2.1), {@code +} as space (WHATWG URL, application/x-www-form-urlencoded), and nginx's
 * {@code ngx_unescape_uri}, which leaves a {@code %} without two hex digits as it is.
 */
class FormCodecTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "plain|plain",
      "a+b|a b",
      "a%20b|a b",
      "a%2Bb|a+b",
      "%26%3D%25|&=%",
      "caf%C3%A9|café",
      "caf%c3%a9|café",
      "%E2%82%AC5|€5",
      "%F0%9F%98%80|\uD83D\uDE00",
      "100%|100%",
      "%zz|%zz",
      "%4|%4",
      "%%41|%A",
      "a%2|a%2",
      "%FF|\uFFFD",
      "%C3|\uFFFD",
      "é+%C3%A9|é é",
  })
  void decodesAsNginxDoes(String encoded, String decoded) {
    assertThat(FormCodec.decode(encoded)).isEqualTo(decoded);
  }

  @Test
  void rejectsMalformedEscapesWhenAsked() {
    assertThat(FormCodec.decode("a%20b", FormCodec.Malformed.REJECT)).isEqualTo("a b");
    for (String bad : List.of("%", "%4", "%zz", "ok%g0")) {
      assertThatThrownBy(() -> FormCodec.decode(bad, FormCodec.Malformed.REJECT))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void decodesARangeOnly() {
    assertThat(FormCodec.decode("x=a%20b&y", 2, 7, FormCodec.Malformed.KEEP)).isEqualTo("a b");
  }

  @Test
  void parsesPairsInOrderWithRepeatsAndBareNames() {
    LinkedHashMap<String, List<String>> args = FormCodec.parse("b=2&a=1&&b=3&flag&=v&e=&x==y&sp+ace=%2B");
    assertThat(args).containsExactly(
        Map.entry("b", List.of("2", "3")),
        Map.entry("a", List.of("1")),
        Map.entry("flag", List.of("")),
        Map.entry("", List.of("v")),
        Map.entry("e", List.of("")),
        Map.entry("x", List.of("=y")),
        Map.entry("sp ace", List.of("+")));
    assertThat(FormCodec.parse("")).isEmpty();
    assertThat(FormCodec.parse("&&&")).isEmpty();
  }

  @Test
  void semicolonsAreNotSeparators() {
    assertThat(FormCodec.parse("a=1;b=2")).containsExactly(Map.entry("a", List.of("1;b=2")));
  }

  @Test
  void visitsRawBounds() {
    String raw = "a=1&&flag&b=x%20y";
    List<String> seen = new ArrayList<>();
    FormCodec.forEachPair(raw, (start, end, valueStart) ->
        seen.add(raw.substring(start, end) + "|" + (valueStart < 0 ? "-" : raw.substring(valueStart, end))));
    assertThat(seen).containsExactly("a=1|1", "flag|-", "b=x%20y|x%20y");
  }

  @Test
  void encodesAsHtmlFormsDo() {
    Map<String, List<String>> args = new LinkedHashMap<>();
    args.put("na me", List.of("a&b", "é"));
    args.put("k", List.of("1+1=2"));
    assertThat(FormCodec.encode(args)).isEqualTo("na+me=a%26b&na+me=%C3%A9&k=1%2B1%3D2");
    assertThat(FormCodec.parse(FormCodec.encode(args))).isEqualTo(args);
  }
}
