package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy and gzip, as Kong 3.9: OpenAI is asked for {@code gzip, identity} on whole answers, its
 * gzip answer is inflated to be translated, and the translation is compressed again for a client
 * sending {@code Accept-Encoding: gzip} (read here with the JDK's {@link GZIPInputStream}).
 */
class AiProxyGzipIT {
  private static final String KEY = "gzip-gateway-secret-12";
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello zipped world\"}]}";
  private static AiGateway fixture;
  private static ProviderServer provider;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() {
    fixture = new AiGateway(KEY, "unused-anthropic-key");
    provider = fixture.provider();
    String openai = "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
        + "\"Bearer %s\"},\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\","
        + "\"options\":{\"upstream_url\":\"" + provider.url("/v1/chat/completions") + "\"}}}";
    fixture.route("/zip", openai.formatted(KEY));
    fixture.route("/zip-bad-key", openai.formatted("sk-wrong-key-123456"));
    fixture.apply();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static HttpResponse<byte[]> post(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.gateway().port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(CHAT));
    if (headers.length > 0) b.headers(headers);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void a_gzip_answer_is_translated_and_compressed_again_for_a_client_accepting_gzip() throws Exception {
    HttpResponse<byte[]> r = post("/zip/v1/chat/completions", "Accept-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    JsonNode answer = Json.parse(gunzip(r.body()));
    assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("You said: Hello zipped world");
    assertThat(provider.last().header("Accept-Encoding")).isEqualTo("gzip, identity");

    // the usage was read from the inflated provider answer
    JsonNode usage = fixture.logEntry(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).at("/ai/proxy/usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void a_client_not_accepting_gzip_gets_the_translation_plain() throws Exception {
    HttpResponse<byte[]> r = post("/zip/v1/chat/completions");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(provider.last().header("Accept-Encoding")).isEqualTo("gzip, identity"); // the provider still zipped it
    JsonNode answer = Json.parse(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("You said: Hello zipped world");
  }

  @Test
  void a_gzip_provider_error_reaches_a_plain_client_readable() throws Exception {
    HttpResponse<byte[]> r = post("/zip-bad-key/v1/chat/completions", "Accept-Encoding", "identity");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    JsonNode error = Json.parse(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(error.at("/error/code").asText()).isEqualTo("invalid_api_key");
  }
}
