package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy in {@code preserve} mode with a multipart/form-data upload (OpenAI's audio
 * transcription), as Kong 3.9 proxies it directly: the body streams to the provider unread and
 * unchanged — larger than the 16 MiB a plugin may read into memory — with the configured credentials.
 */
class AiProxyMultipartIT {
  private static final String KEY = "multipart-gateway-secret-5";
  private static final String BOUNDARY = "----gatehouse-audio-boundary";
  private static AiGateway fixture;
  private static ProviderServer provider;

  @BeforeAll
  static void start() {
    fixture = new AiGateway(KEY, "unused-anthropic-key");
    provider = fixture.provider();
    fixture.route("/audio", "{\"route_type\":\"preserve\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
        + "\"Bearer " + KEY + "\"},\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"openai\","
        + "\"name\":\"whisper-1\",\"options\":{\"upstream_url\":\"" + provider.url("/") + "\"}}}");
    fixture.apply();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** A form with a {@code model} field and a {@code file} part of random bytes. */
  private static byte[] form(int fileBytes) {
    byte[] audio = new byte[fileBytes];
    new Random(18).nextBytes(audio);
    ByteArrayOutputStream out = new ByteArrayOutputStream(fileBytes + 512);
    out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(audio);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Test
  void a_multipart_upload_reaches_the_provider_unchanged() {
    byte[] body = form(17 << 20);
    HttpResponse<String> r = fixture.gateway().send("POST", "/audio/v1/audio/transcriptions",
        HttpRequest.BodyPublishers.ofByteArray(body), "Content-Type", "multipart/form-data; boundary=" + BOUNDARY,
        "Authorization", "Bearer sk-client-own-key");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("text").asText()).isEqualTo(body.length + " bytes " + ProviderServer.sha256(body));

    ProviderServer.Received got = provider.last();
    assertThat(got.path()).isEqualTo("/audio/v1/audio/transcriptions");
    assertThat(got.header("Authorization")).isEqualTo("Bearer " + KEY); // the configured key, not the client's
    assertThat(got.header("Content-Type")).isEqualTo("multipart/form-data; boundary=" + BOUNDARY);

    JsonNode meta = fixture.logEntry(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).at("/ai/proxy/meta");
    assertThat(meta.get("provider_name").asText()).isEqualTo("openai");
    assertThat(meta.get("request_model").asText()).isEqualTo("whisper-1");
  }
}
