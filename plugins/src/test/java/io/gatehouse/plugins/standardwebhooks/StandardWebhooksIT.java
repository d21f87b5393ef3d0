package io.gatehouse.plugins.standardwebhooks;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * standard-webhooks (Kong 3.9 kong/plugins/standard-webhooks, spec/03-plugins/44-standard-webhooks).
 * The known answer was computed independently with
 * {@code printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1700000000.{"foo":"bar"}' | openssl dgst -sha256 -hmac SECRET -binary | base64},
 * with Kong's spec secret and message id.
 */
class StandardWebhooksIT {
  static final String SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final String KNOWN = "v1,P/3/3HdJJRuZJ3C3aEilDxdjh++HCC8GeZlFnQRTwuE=";
  static PluginGateway gw;

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    // a tolerance that reaches back to 2023 so the fixed known-answer timestamp is accepted
    gw.plugin("standard-webhooks", "{\"secret_v1\":\"" + SECRET + "\",\"tolerance_second\":2000000000}",
        ref("route", gw.serviceAndRoute("/kat")));
    gw.plugin("standard-webhooks", "{\"secret_v1\":\"" + SECRET + "\"}", ref("route", gw.serviceAndRoute("/wh")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> post(String path, String body, String id, String ts, String sig) {
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json",
        "webhook-id", id, "webhook-timestamp", ts, "webhook-signature", sig);
  }

  @Test
  void known_answer_passes_and_reaches_the_upstream() {
    assertThat(StandardWebhooksPlugin.sign(SECRET, ID, 1700000000L, "{\"foo\":\"bar\"}".getBytes())).isEqualTo(KNOWN);
    HttpResponse<String> r = post("/kat", "{\"foo\":\"bar\"}", ID, "1700000000", KNOWN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"body\":\"{\\\"foo\\\":\\\"bar\\\"}\"");
  }

  @Test
  void tampered_body_id_or_signature_is_400() {
    assertThat(post("/kat", "{\"foo\":\"baz\"}", ID, "1700000000", KNOWN).statusCode()).isEqualTo(400);
    assertThat(post("/kat", "{\"foo\":\"bar\"}", "msg_other", "1700000000", KNOWN).statusCode()).isEqualTo(400);
    assertThat(post("/kat", "{\"foo\":\"bar\"}", ID, "1700000001", KNOWN).statusCode()).isEqualTo(400);
    HttpResponse<String> r = post("/kat", "{\"foo\":\"bar\"}", ID, "1700000000", "v1,AAAA");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"message\":\"Bad request\"");
  }

  @Test
  void old_timestamps_missing_headers_and_empty_bodies_are_400() {
    // default tolerance 300 s: the 2023 known answer is too old
    assertThat(post("/wh", "{\"foo\":\"bar\"}", ID, "1700000000", KNOWN).statusCode()).isEqualTo(400);
    assertThat(post("/wh", "{\"foo\":\"bar\"}", ID, "XYZ", KNOWN).statusCode()).isEqualTo(400);
    assertThat(gw.send("POST", "/wh", HttpRequest.BodyPublishers.ofString("{}")).statusCode()).isEqualTo(400);
    long now = System.currentTimeMillis() / 1000;
    String fresh = StandardWebhooksPlugin.sign(SECRET, ID, now, new byte[0]);
    assertThat(post("/wh", "", ID, Long.toString(now), fresh).statusCode()).isEqualTo(400);
    String ok = StandardWebhooksPlugin.sign(SECRET, ID, now, "{}".getBytes());
    assertThat(post("/wh", "{}", ID, Long.toString(now), ok).statusCode()).isEqualTo(200);
  }
}
