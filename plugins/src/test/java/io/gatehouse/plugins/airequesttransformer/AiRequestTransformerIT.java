package io.gatehouse.plugins.airequesttransformer;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-request-transformer (Kong 3.9 {@code 39-ai-request-transformer}): the body is rewritten by a
 * model on a loopback OpenAI-wire server before an echo upstream gets it.
 */
class AiRequestTransformerIT {
  private static final String KEY = "sk-transformer-key-8";
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static Path log;

  private static String config(String key, String extra) {
    return "{\"prompt\":\"Translate the body to French.\",\"llm\":{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":"
        + "\"Authorization\",\"header_value\":\"Bearer " + key + "\"},\"logging\":{\"log_statistics\":true},\"model\":"
        + "{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":{\"upstream_url\":\"" + provider.url("/v1/chat/completions")
        + "\"}}}" + extra + "}";
  }

  @BeforeAll
  static void start() throws IOException {
    provider = new ProviderServer(KEY, "unused");
    gw = new PluginGateway();
    log = Files.createTempFile("ai-request-transformer", ".log");
    JsonNode plain = gw.serviceAndRoute("/transform");
    gw.plugin("ai-request-transformer", config(KEY, ""), ref("route", plain));
    gw.plugin("file-log", "{\"path\":\"" + log + "\"}", ref("route", plain));
    gw.plugin("ai-request-transformer", config(KEY, ",\"transformation_extract_pattern\":\"SAID: \\\\w+\""),
        ref("route", gw.serviceAndRoute("/extract")));
    gw.plugin("ai-request-transformer", config(KEY, ",\"transformation_extract_pattern\":\"never-there\""),
        ref("route", gw.serviceAndRoute("/no-match")));
    gw.plugin("ai-request-transformer", config("sk-wrong-key-11", ""), ref("route", gw.serviceAndRoute("/bad-key")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    provider.close();
  }

  private static HttpResponse<String> post(String path, String body) {
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Content-Type", "text/plain");
  }

  @Test
  void the_models_answer_becomes_the_upstream_body() throws IOException {
    HttpResponse<String> r = post("/transform", "hello world");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("body").asText()).isEqualTo("You said: hello world");
    JsonNode asked = provider.last().body();
    assertThat(asked.get("messages").get(0).get("content").asText()).isEqualTo("Translate the body to French.");
    assertThat(asked.get("messages").get(1).get("content").asText()).isEqualTo("hello world");
    assertThat(provider.last().header("Authorization")).isEqualTo("Bearer " + KEY);
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("ai-request-transformer"));
    JsonNode ai = Json.parse(Files.readAllLines(log).getLast()).get("ai").get("ai-request-transformer");
    assertThat(ai.get("meta").get("provider_name").asText()).isEqualTo("openai");
    assertThat(ai.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
    assertThat(Files.readString(log)).doesNotContain(KEY);
  }

  @Test
  void the_extract_pattern_keeps_its_first_match() {
    HttpResponse<String> r = post("/extract", "bonjour tout");
    assertThat(Json.parse(r.body()).get("body").asText()).isEqualTo("said: bonjour"); // case-insensitive, whole match
    HttpResponse<String> miss = post("/no-match", "x");
    assertThat(miss.statusCode()).isEqualTo(400);
    assertThat(Json.parse(miss.body()).at("/error/message").asText())
        .isEqualTo("AI response did not match specified regular expression");
  }

  @Test
  void a_failing_model_call_answers_400_without_the_key() {
    HttpResponse<String> r = post("/bad-key", "x");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).at("/error/message").asText())
        .isEqualTo("failed to introspect request with AI service: status code 401");
    assertThat(r.body()).doesNotContain("sk-wrong-key-11");
  }

  @Test
  void transformers_need_chat() {
    KongException e = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-request-transformer",
        config(KEY, "").replace("llm/v1/chat", "llm/v1/completions"), ""));
    assertThat(e.getMessage()).contains("'config.llm.route_type' must be 'llm/v1/chat' for AI transformer plugins");
  }
}
