package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's payload capture: off unless the {@code call-log} plugin is attached (here per route),
 * bodies cut to the size limit, headers and bodies redacted, shown in {@code /analytics/calls/{id}}.
 */
class AnalyticsPayloadIT {
  private static final String CARD = "4111-1111-1111-1111";
  private static final String BODY = "{\"user\":\"ann\",\"password\":\"s3cret\",\"card\":{\"number\":\"" + CARD
      + "\"},\"note\":\"call me\"}";

  @TempDir Path prefix;

  @Test
  void aRouteWithCallLogKeepsItsPayloadRedactedAndOthersKeepNone() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "on", "plugins", "bundled,call-log"))) {
      gw.serviceAndRoute("captured", "/captured");
      gw.serviceAndRoute("plain", "/plain");
      gw.serviceAndRoute("small", "/small");
      gw.create("/routes/captured/plugins", "{\"name\":\"call-log\",\"config\":{"
          + "\"redact_json_paths\":[\"$.password\",\"card.number\",\"headers.authorization\",\"headers.cookie\"],"
          + "\"redact_patterns\":[\"\\\\d{4}-\\\\d{4}-\\\\d{4}-\\\\d{4}\",\"s3cret\"]}}");
      gw.create("/routes/small/plugins", "{\"name\":\"call-log\",\"config\":{\"max_body_bytes\":64}}");
      // a bad pattern is refused like any bad plugin config, and nothing is stored
      assertThat(gw.admin.post("/routes/plain/plugins",
          "{\"name\":\"call-log\",\"config\":{\"redact_patterns\":[\"(\"]}}").status()).isEqualTo(400);

      HttpResponse<String> captured = gw.await(s -> s == 200, "/captured/x");
      captured = gw.send("POST", "/captured/x", BodyPublishers.ofString(BODY), "Content-Type", "application/json",
          "Authorization", "Bearer top-secret-token", "Cookie", "session=abc", "X-Trace", "keep-me");
      assertThat(captured.statusCode()).isEqualTo(200);
      JsonNode call = detail(gw, captured);
      JsonNode request = call.path("request");
      JsonNode requestHeaders = Json.MAPPER.readTree(request.path("headers").asText());
      assertThat(requestHeaders.path("authorization").asText()).isEqualTo("[REDACTED]");
      assertThat(requestHeaders.path("cookie").asText()).isEqualTo("[REDACTED]");
      assertThat(requestHeaders.path("x-trace").asText()).isEqualTo("keep-me");
      JsonNode requestBody = Json.MAPPER.readTree(request.path("body").asText());
      assertThat(requestBody.path("user").asText()).isEqualTo("ann");
      assertThat(requestBody.path("password").asText()).isEqualTo("[REDACTED]");
      assertThat(requestBody.path("card").path("number").asText()).isEqualTo("[REDACTED]");
      assertThat(requestBody.path("note").asText()).isEqualTo("call me");
      JsonNode response = call.path("response");
      JsonNode responseBody = Json.MAPPER.readTree(response.path("body").asText());
      assertThat(responseBody.path("method").asText()).isEqualTo("POST"); // the echo's answer, as sent
      assertThat(responseBody.path("headers").path("authorization").asText()).isEqualTo("[REDACTED]");
      assertThat(response.path("headers").asText()).contains("\"content-type\":\"application/json");
      String stored = call.toString();
      for (String secret : new String[] {"s3cret", "top-secret-token", "session=abc", CARD}) {
        assertThat(stored).as("stored call must not contain " + secret).doesNotContain(secret);
      }
      // the list view carries no payload
      assertThat(gw.admin.get("/analytics/calls?route=captured&size=1").json().path("data").get(0).path("request")
          .has("body")).isFalse();

      HttpResponse<String> plain = gw.send("POST", "/plain/x", BodyPublishers.ofString(BODY),
          "Content-Type", "application/json");
      JsonNode plainCall = detail(gw, plain);
      assertThat(plainCall.path("request").path("headers").isNull()).isTrue();
      assertThat(plainCall.path("request").path("body").isNull()).isTrue();
      assertThat(plainCall.path("response").path("body").isNull()).isTrue();

      // size limit: a request body over max_body_bytes is not buffered nor kept; the response is cut
      String big = "x".repeat(200);
      HttpResponse<String> small = gw.send("POST", "/small/x", BodyPublishers.ofString(big), "Content-Type", "text/plain");
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(small.body()).contains(big); // the client still gets the whole response
      JsonNode smallCall = detail(gw, small);
      assertThat(smallCall.path("request").path("body").isNull()).isTrue();
      String cut = smallCall.path("response").path("body").asText();
      assertThat(cut).startsWith(small.body().substring(0, 64))
          .endsWith("[… " + (small.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 64) + " more bytes]");
      HttpResponse<String> tiny = gw.send("POST", "/small/x", BodyPublishers.ofString("hi"), "Content-Type", "text/plain");
      assertThat(detail(gw, tiny).path("request").path("body").asText()).isEqualTo("hi");
    }
  }

  @Test
  void withAnalyticsOffThePluginCapturesNothingAndTheRouteStillWorks() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "off", "plugins", "bundled,call-log"))) {
      gw.serviceAndRoute("captured", "/captured");
      gw.create("/routes/captured/plugins", "{\"name\":\"call-log\"}");
      gw.await(s -> s == 200, "/captured/x");
      HttpResponse<String> r = gw.send("POST", "/captured/x", BodyPublishers.ofString(BODY), "Content-Type",
          "application/json");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("s3cret");
      assertThat(gw.admin.get("/analytics/calls").status()).isEqualTo(404);
    }
  }

  private static JsonNode detail(WholeNode gw, HttpResponse<String> r) {
    String id = r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> gw.admin.get("/analytics/calls/" + id), x -> x.status() == 200).json();
  }
}
