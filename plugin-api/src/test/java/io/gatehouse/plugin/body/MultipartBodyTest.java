package io.gatehouse.plugin.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers from the specifications' own examples: RFC 2046 §5.1.1 (quoted boundary with a
 * space, preamble, a part with no header fields, a part whose content ends with a line break,
 * epilogue), the HTML 4.01 §17.13.4 form-data example that RFC 7578 builds on, and the RFC 2046
 * rules that a delimiter starts a line and that the body ends with the close delimiter.
 */
class MultipartBodyTest {

  private static byte[] crlf(String text) {
    return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rfc2046Example() {
    byte[] body = crlf("""
        This is the preamble.  It is to be ignored, though it
        is a handy place for composition agents to include an
        explanatory note to non-MIME conformant readers.

        --simple boundary

        This is implicitly typed plain US-ASCII text.
        It does NOT end with a linebreak.
        --simple boundary
        Content-type: text/plain; charset=us-ascii

        This is explicitly typed plain US-ASCII text.
        It DOES end with a linebreak.

        --simple boundary--

        This is the epilogue.  It is also to be ignored.
        """);
    MultipartBody m = MultipartBody.parse("multipart/mixed; boundary=\"simple boundary\"", body);
    assertThat(m).isNotNull();
    assertThat(m.parts()).hasSize(2);
    assertThat(m.parts().get(0).headers()).isEmpty();
    assertThat(m.parts().get(0).text())
        .isEqualTo("This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.");
    assertThat(m.parts().get(1).headers()).isEqualTo("Content-type: text/plain; charset=us-ascii");
    assertThat(m.parts().get(1).text())
        .isEqualTo("This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n");
  }

  private static final String HTML_EXAMPLE = """
      --AaB03x
      Content-Disposition: form-data; name="submit-name"

      Larry
      --AaB03x
      Content-Disposition: form-data; name="files"; filename="file1.txt"
      Content-Type: text/plain

      ... contents of file1.txt ...
      --AaB03x--
      """;

  @Test
  void html401FormDataExample() {
    MultipartBody m = MultipartBody.parse("multipart/form-data; boundary=AaB03x", crlf(HTML_EXAMPLE));
    assertThat(m).isNotNull();
    assertThat(m.parts()).extracting(MultipartBody.Part::name).containsExactly("submit-name", "files");
    assertThat(m.part("submit-name").text()).isEqualTo("Larry");
    assertThat(m.part("files").headers())
        .isEqualTo("Content-Disposition: form-data; name=\"files\"; filename=\"file1.txt\"\r\nContent-Type: text/plain");
    assertThat(m.part("files").text()).isEqualTo("... contents of file1.txt ...");
    // encoding the parsed parts gives the example back, byte for byte
    assertThat(new String(m.encode(), StandardCharsets.UTF_8)).isEqualTo(HTML_EXAMPLE.replace("\n", "\r\n"));
  }

  @Test
  void theBoundaryComesFromAQuotedOrBareParameterInAnyCase() {
    assertThat(MultipartBody.boundary("multipart/form-data; boundary=AaB03x")).isEqualTo("AaB03x");
    assertThat(MultipartBody.boundary("multipart/form-data; BOUNDARY=\"gc0p4Jq0M2Yt08jU534c0p\"; charset=utf-8"))
        .isEqualTo("gc0p4Jq0M2Yt08jU534c0p");
    assertThat(MultipartBody.boundary("multipart/form-data; boundary=abc; charset=utf-8")).isEqualTo("abc");
    assertThat(MultipartBody.boundary("multipart/form-data")).isNull();
    assertThat(MultipartBody.parse("application/json", crlf(HTML_EXAMPLE))).isNull();
  }

  @Test
  void boundaryTextInsideALineIsContentNotADelimiter() {
    // RFC 2046 §5.1.1: the delimiter must begin a line (be preceded by CRLF)
    byte[] body = crlf("""
        --AaB03x
        Content-Disposition: form-data; name="note"

        see x--AaB03x for details
        --AaB03x--
        """);
    MultipartBody m = MultipartBody.parse("multipart/form-data; boundary=AaB03x", body);
    assertThat(m).isNotNull();
    assertThat(m.parts()).hasSize(1);
    assertThat(m.part("note").text()).isEqualTo("see x--AaB03x for details");
  }

  @Test
  void contentKeepsItsOwnLineBreaksAndBlankLines() {
    byte[] body = crlf("""
        --b
        Content-Disposition: form-data; name="text"


        two blank lines above, one below

        --b--
        """);
    MultipartBody m = MultipartBody.parse("multipart/form-data; boundary=b", body);
    assertThat(m.part("text").text()).isEqualTo("\r\ntwo blank lines above, one below\r\n");
  }

  @Test
  void anEmptyValueIsAnEmptyPart() {
    byte[] body = crlf("""
        --b
        Content-Disposition: form-data; name="empty"


        --b--
        """);
    assertThat(MultipartBody.parse("multipart/form-data; boundary=b", body).part("empty").data()).isEmpty();
  }

  @Test
  void aBodyWithoutItsCloseDelimiterIsNotMultipart() {
    byte[] truncated = crlf("""
        --AaB03x
        Content-Disposition: form-data; name="submit-name"

        Larry
        """);
    assertThat(MultipartBody.parse("multipart/form-data; boundary=AaB03x", truncated)).isNull();
    assertThat(MultipartBody.parse("multipart/form-data; boundary=AaB03x", crlf("no delimiter at all\n"))).isNull();
  }

  @Test
  void partsMadeByKongAreEncodedAsFormFields() {
    MultipartBody m = MultipartBody.parse("multipart/form-data; boundary=AaB03x", crlf(HTML_EXAMPLE))
        .withParts(List.of(MultipartBody.Part.field("k", "v")));
    assertThat(new String(m.encode(), StandardCharsets.UTF_8))
        .isEqualTo("--AaB03x\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--AaB03x--\r\n");
  }
}
