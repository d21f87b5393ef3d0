package io.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kong's error templates and Accept negotiation (reference §5.4). */
class ErrorBodyTest {

  @ParameterizedTest(name = "Accept: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "null|application/json; charset=utf-8",
      "*/*|application/json; charset=utf-8",
      "text/html|text/html; charset=utf-8",
      "application/xml|application/xml; charset=utf-8",
      "text/plain|text/plain; charset=utf-8",
      "text/*|text/plain; charset=utf-8",
      "application/*|application/json; charset=utf-8",
      "image/png|application/json; charset=utf-8",
      "text/html;q=0.5, application/xml|application/xml; charset=utf-8",
      "text/html, application/xml|text/html; charset=utf-8",
  })
  void negotiatesCoreErrors(String accept, String contentType) {
    assertThat(ErrorBody.forCore(404, "m", "id", accept).contentType()).isEqualTo(contentType);
  }

  @Test
  void templatesCarryRequestId() {
    assertThat(ErrorBody.forCore(404, "no Route matched with those values", "abc", null).body())
        .isEqualTo("{\n  \"message\":\"no Route matched with those values\",\n  \"request_id\":\"abc\"\n}");
    assertThat(ErrorBody.forCore(404, "m", "abc", "text/plain").body()).isEqualTo("m\nrequest_id: abc\n");
    assertThat(ErrorBody.forCore(404, "m", "abc", "application/xml").body())
        .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error>\n  <message>m</message>\n"
            + "  <requestid>abc</requestid>\n</error>\n");
    assertThat(ErrorBody.forCore(404, "m", "abc", "text/html").body()).contains("<p>m.</p>").contains("request_id: abc");
  }

  @Test
  void proxyErrorsFallBackToContentTypeThenDefault() {
    assertThat(ErrorBody.forProxyError(502, "id", null, null, ErrorBody.Format.PLAIN).body())
        .isEqualTo("An invalid response was received from the upstream server\nrequest_id: id\n");
    assertThat(ErrorBody.forProxyError(504, "id", null, "application/json", ErrorBody.Format.PLAIN).contentType())
        .startsWith("application/json");
    assertThat(ErrorBody.forProxyError(504, "id", "text/html", "application/json", ErrorBody.Format.PLAIN).contentType())
        .startsWith("text/html");
  }
}
