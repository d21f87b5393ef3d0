package io.gatehouse.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers for {@link Multipart}: the examples of RFC 2046 §5.1.1 and RFC 7578 / HTML 4.01
 * §17.13.4, and the framing rules each clause states (delimiter at a line start, transport
 * padding, the CRLF before a delimiter, preamble and epilogue, the closing delimiter).
 */
class MultipartTest {

  private static byte[] crlf(String text) {
    return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Multipart form(String boundary, byte[] body) {
    return Multipart.parse("multipart/form-data; boundary=" + boundary, body);
  }

  @Test
  void rfc2046_example_with_preamble_epilogue_and_a_quoted_boundary_with_a_space() {
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
    Multipart m = Multipart.parse("multipart/mixed; boundary=\"simple boundary\"", body);
    assertThat(m).isNotNull();
    assertThat(m.boundary()).isEqualTo("simple boundary");
    assertThat(m.parts()).hasSize(2);
    assertThat(m.parts().get(0).headers()).isEmpty();
    assertThat(m.parts().get(0).contentType()).isNull();
    assertThat(m.parts().get(0).text())
        .isEqualTo("This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.");
    assertThat(m.parts().get(1).headers()).isEqualTo("Content-type: text/plain; charset=us-ascii");
    assertThat(m.parts().get(1).contentType()).isEqualTo("text/plain; charset=us-ascii");
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
  void form_data_example_names_filename_content_type_and_an_exact_re_encoding() {
    Multipart m = form("AaB03x", crlf(HTML_EXAMPLE));
    assertThat(m.parts()).extracting(Multipart.Part::name).containsExactly("submit-name", "files");
    assertThat(m.part("submit-name").text()).isEqualTo("Larry");
    assertThat(m.part("submit-name").filename()).isNull();
    assertThat(m.part("files").filename()).isEqualTo("file1.txt");
    assertThat(m.part("files").contentType()).isEqualTo("text/plain");
    assertThat(m.part("files").headers())
        .isEqualTo("Content-Disposition: form-data; name=\"files\"; filename=\"file1.txt\"\r\nContent-Type: text/plain");
    assertThat(m.part("files").text()).isEqualTo("... contents of file1.txt ...");
    assertThat(new String(m.encode(), StandardCharsets.UTF_8)).isEqualTo(HTML_EXAMPLE.replace("\n", "\r\n"));
  }

  @Test
  void the_boundary_comes_from_a_quoted_or_bare_parameter_in_any_case_of_a_multipart_type() {
    assertThat(Multipart.boundary("multipart/form-data; boundary=AaB03x")).isEqualTo("AaB03x");
    assertThat(Multipart.boundary("multipart/form-data; BOUNDARY=\"gc0p4Jq0M2Yt08jU534c0p\"; charset=utf-8"))
        .isEqualTo("gc0p4Jq0M2Yt08jU534c0p");
    assertThat(Multipart.boundary("Multipart/Form-Data; charset=utf-8; boundary=abc")).isEqualTo("abc");
    assertThat(Multipart.boundary("multipart/form-data; boundary=\"a;b\"")).isEqualTo("a;b");
    assertThat(Multipart.boundary("multipart/form-data")).isNull();
    assertThat(Multipart.boundary("application/json; boundary=x")).isNull();
    assertThat(Multipart.boundary(null)).isNull();
    assertThat(Multipart.parse("application/json", crlf(HTML_EXAMPLE))).isNull();
  }

  @Test
  void boundary_text_inside_a_line_is_content_not_a_delimiter() {
    byte[] body = crlf("""
        --AaB03x
        Content-Disposition: form-data; name="note"

        see x--AaB03x for details
        --AaB03x--
        """);
    Multipart m = form("AaB03x", body);
    assertThat(m.parts()).hasSize(1);
    assertThat(m.part("note").text()).isEqualTo("see x--AaB03x for details");
  }

  @Test
  void a_line_that_only_starts_with_the_boundary_is_content() {
    // "--AaB03xyz" is not "--AaB03x" followed by padding and a line break
    byte[] body = crlf("""
        --AaB03x
        Content-Disposition: form-data; name="a"

        --AaB03xyz
        --AaB03x--
        """);
    assertThat(form("AaB03x", body).part("a").text()).isEqualTo("--AaB03xyz");
  }

  @Test
  void transport_padding_after_a_delimiter_is_ignored() {
    byte[] body = "--b \t\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n--b--  \r\n"
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(form("b", body).part("p").text()).isEqualTo("v");
  }

  @Test
  void data_keeps_its_own_line_breaks_and_blank_lines_only_the_crlf_before_the_delimiter_goes() {
    byte[] body = crlf("""
        --b
        Content-Disposition: form-data; name="text"


        two blank lines above, one below

        --b--
        """);
    assertThat(form("b", body).part("text").text()).isEqualTo("\r\ntwo blank lines above, one below\r\n");
  }

  @Test
  void binary_data_with_cr_lf_and_nul_bytes_comes_back_unchanged() {
    byte[] data = {0, '\r', '\n', (byte) 0xff, '\r', '-', '-', 'b', '\n', '\r'};
    byte[] head = "--b\r\nContent-Disposition: form-data; name=\"bin\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + data.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(data, 0, body, head.length, data.length);
    System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
    Multipart.Part p = form("b", body).part("bin");
    assertThat(p.data()).containsExactly(data);
    assertThat(p.contentType()).isEqualTo("application/octet-stream");
    assertThat(p.filename()).isEqualTo("x.bin");
  }

  @Test
  void an_empty_value_is_an_empty_part() {
    byte[] body = crlf("""
        --b
        Content-Disposition: form-data; name="empty"


        --b--
        """);
    assertThat(form("b", body).part("empty").data()).isEmpty();
    // the blank line may also be the line break that belongs to the next delimiter
    byte[] tight = "--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n--b--".getBytes(StandardCharsets.US_ASCII);
    assertThat(form("b", tight).part("e").data()).isEmpty();
  }

  @Test
  void bare_lf_line_breaks_are_accepted() {
    byte[] body = "--b\nContent-Disposition: form-data; name=\"a\"\n\nx\ny\n--b--\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(form("b", body).part("a").text()).isEqualTo("x\ny");
  }

  @Test
  void a_body_without_its_closing_delimiter_is_malformed() {
    byte[] truncated = crlf("""
        --AaB03x
        Content-Disposition: form-data; name="submit-name"

        Larry
        """);
    assertThatThrownBy(() -> form("AaB03x", truncated))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closing delimiter --AaB03x--");
    assertThatThrownBy(() -> form("AaB03x", crlf("no delimiter at all\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no delimiter");
  }

  @Test
  void a_part_without_the_blank_line_after_its_headers_is_malformed() {
    byte[] body = crlf("""
        --b
        Content-Disposition: form-data; name="a"
        --b--
        """);
    assertThatThrownBy(() -> form("b", body)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank line");
  }

  @Test
  void boundaries_outside_rfc2046_are_refused() {
    byte[] body = crlf("--x\n\nv\n--x--\n");
    assertThatThrownBy(() -> Multipart.parseWithBoundary("a".repeat(71), body))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 70");
    assertThatThrownBy(() -> Multipart.parseWithBoundary("trailing ", body)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multipart.parseWithBoundary("semi;colon", body)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Multipart.parseWithBoundary("", body)).isInstanceOf(IllegalArgumentException.class);
    String longest = "'()+_,-./:=?" + "Z9".repeat(29);
    assertThat(longest).hasSize(70);
    byte[] ok = ("--" + longest + "\r\n\r\nv\r\n--" + longest + "--").getBytes(StandardCharsets.US_ASCII);
    assertThat(Multipart.parseWithBoundary(longest, ok).parts().getFirst().text()).isEqualTo("v");
  }

  @Test
  void disposition_parameters_are_quoted_strings_with_escapes_or_tokens_in_any_case() {
    byte[] body = crlf("""
        --b
        content-disposition: form-data; NAME="say \\"hi\\""; FileName=a.txt

        1
        --b
        Content-Disposition: form-data; filename="f.txt"; name="second"

        2
        --b--
        """);
    Multipart m = form("b", body);
    assertThat(m.parts().get(0).name()).isEqualTo("say \"hi\"");
    assertThat(m.parts().get(0).filename()).isEqualTo("a.txt");
    // "filename" does not also count as "name"
    assertThat(m.parts().get(1).name()).isEqualTo("second");
    assertThat(m.parts().get(1).filename()).isEqualTo("f.txt");
  }

  @Test
  void a_body_with_only_the_closing_delimiter_has_no_parts() {
    assertThat(form("b", crlf("--b--\n")).parts()).isEmpty();
    assertThat(form("b", crlf("preamble\n--b--")).parts()).isEmpty();
  }

  @Test
  void parts_made_by_a_plugin_are_encoded_as_form_fields() {
    Multipart m = form("AaB03x", crlf(HTML_EXAMPLE)).withParts(List.of(Multipart.Part.field("k", "v")));
    assertThat(new String(m.encode(), StandardCharsets.UTF_8))
        .isEqualTo("--AaB03x\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--AaB03x--\r\n");
    Multipart again = form("AaB03x", m.encode());
    assertThat(again.part("k").text()).isEqualTo("v");
  }
}
