package io.gatehouse.plugins.requestsizelimiting;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** request-size-limiting (Kong's spec/03-plugins/12-request-size-limiting; reference plugins §12). */
class RequestSizeLimitingIT {
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    gw.plugin("request-size-limiting", "{\"allowed_payload_size\":10,\"size_unit\":\"bytes\"}",
        ref("route", gw.serviceAndRoute("/limit")));
    gw.plugin("request-size-limiting", "{\"allowed_payload_size\":1,\"size_unit\":\"kilobytes\",\"require_content_length\":true}",
        ref("route", gw.serviceAndRoute("/need-length")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> post(String path, byte[] body, boolean chunked) {
    return gw.send("POST", path, chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : BodyPublishers.ofByteArray(body));
  }

  @Test
  void body_at_the_limit_passes_with_its_bytes() {
    HttpResponse<String> r = post("/limit", "0123456789".getBytes(), false);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("body").asText()).isEqualTo("0123456789");
  }

  @Test
  void content_length_over_the_limit_is_413_with_kong_body() {
    int before = gw.upstreamRequests();
    HttpResponse<String> r = post("/limit", "01234567890".getBytes(), false);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Request size limit exceeded");
    assertThat(gw.upstreamRequests()).isEqualTo(before);
  }

  @Test
  void chunked_body_is_counted_as_it_streams() {
    assertThat(post("/limit", "0123456789".getBytes(), true).statusCode()).isEqualTo(200);
    HttpResponse<String> r = post("/limit", new byte[200_000], true);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Request size limit exceeded");
  }

  @Test
  void expect_continue_over_the_limit_is_417() {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/limit"))
        .timeout(Duration.ofSeconds(20)).expectContinue(true).POST(BodyPublishers.ofByteArray(new byte[50])).build();
    HttpResponse<String> r = gw.send(req);
    assertThat(r.statusCode()).isEqualTo(417);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Request size limit exceeded");
  }

  @Test
  void require_content_length_accepts_chunked_and_rejects_none() throws Exception {
    assertThat(post("/need-length", "abc".getBytes(), true).statusCode()).isEqualTo(200);
    var raw = gw.raw("/need-length");
    assertThat(raw.status()).isEqualTo(411);
    assertThat(raw.body()).contains("A valid Content-Length header is required");
  }
}
