package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy with a native {@code llm_format} (Kong 3.9's adapters): the client speaks Gemini's or
 * Bedrock's own API, the body reaches the provider as it was sent (with the gateway's credentials
 * and the configured model's URL), the answer comes back untranslated, and its usage is logged.
 */
class AiProxyNativeFormatIT {
  private static final String KEY = "gemini-gateway-secret-77";
  private static AiGateway fixture;
  private static ProviderServer provider;
  private static PluginGateway gw;

  @BeforeAll
  static void start() {
    fixture = new AiGateway(KEY, "bedrock-secret-access-key");
    provider = fixture.provider();
    gw = fixture.gateway();
    String gemini = "{\"route_type\":\"llm/v1/chat\",\"llm_format\":\"gemini\",\"auth\":{\"param_name\":\"key\","
        + "\"param_value\":\"" + KEY + "\",\"param_location\":\"query\"},\"logging\":{\"log_statistics\":true,"
        + "\"log_payloads\":true},\"model\":{\"provider\":\"gemini\",\"name\":\"gemini-2.5-flash\",\"options\":"
        + "{\"upstream_url\":\"%s\"}}}";
    fixture.route("/gemini-native", gemini.formatted(provider.url("/v1beta/models/gemini-2.5-flash:generateContent")));
    fixture.route("/gemini-native-stream",
        gemini.formatted(provider.url("/v1beta/models/gemini-2.5-flash:streamGenerateContent")));
    fixture.route("/bedrock-native", "{\"route_type\":\"llm/v1/chat\",\"llm_format\":\"bedrock\",\"auth\":"
        + "{\"aws_access_key_id\":\"AKIDBEDROCKTEST\",\"aws_secret_access_key\":\"bedrock-secret-access-key\"},"
        + "\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"bedrock\",\"name\":\"anthropic.claude-3-haiku\","
        + "\"options\":{\"bedrock\":{\"aws_region\":\"us-west-2\"},\"upstream_url\":\""
        + provider.url("/model/anthropic.claude-3-haiku/converse") + "\"}}}");
    fixture.route("/bedrock-native-stream", "{\"route_type\":\"llm/v1/chat\",\"llm_format\":\"bedrock\",\"auth\":"
        + "{\"aws_access_key_id\":\"AKIDBEDROCKTEST\",\"aws_secret_access_key\":\"bedrock-secret-access-key\"},"
        + "\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"bedrock\",\"name\":\"anthropic.claude-3-haiku\","
        + "\"options\":{\"bedrock\":{\"aws_region\":\"us-west-2\"},\"upstream_url\":\""
        + provider.url("/model/anthropic.claude-3-haiku/converse-stream") + "\"}}}");
    gw.apply();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static HttpResponse<String> post(String path, String body) {
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json");
  }

  private static final String GEMINI_BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello native Gemini\"}]}],"
      + "\"generationConfig\":{\"temperature\":0.2}}";

  @Test
  void gemini_body_goes_to_the_provider_as_sent_and_its_answer_comes_back_untranslated() {
    HttpResponse<String> r = post("/gemini-native/v1beta/models/gemini-2.5-flash:generateContent", GEMINI_BODY);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = Json.parse(r.body());
    assertThat(answer.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("You said: Hello native Gemini");
    assertThat(answer.has("choices")).isFalse();
    assertThat(answer.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(3);

    ProviderServer.Received got = provider.last();
    assertThat(got.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(got.query()).contains("key=" + KEY);
    assertThat(got.body()).isEqualTo(Json.parse(GEMINI_BODY)); // no translation, no merged options

    JsonNode ai = fixture.logEntry(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).get("ai").get("proxy");
    assertThat(ai.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    assertThat(ai.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(ai.at("/usage/total_tokens").asInt()).isEqualTo(8);
    assertThat(ai.at("/meta/provider_name").asText()).isEqualTo("gemini");
    assertThat(ai.at("/meta/request_model").asText()).isEqualTo("gemini-2.5-flash");
    assertThat(ai.at("/meta/response_model").asText()).isEqualTo("gemini-2.5-flash");
    assertThat(Json.parse(ai.at("/payload/response").asText()).has("candidates")).isTrue();
  }

  @Test
  void gemini_stream_passes_the_providers_frames_and_logs_their_usage() {
    HttpResponse<String> r = post("/gemini-native-stream/v1beta/models/gemini-2.5-flash:streamGenerateContent",
        GEMINI_BODY);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream"); // as Kong sets for every stream
    JsonNode frames = Json.parse(r.body()); // Gemini's own JSON array, element by element
    StringBuilder text = new StringBuilder();
    for (JsonNode f : frames) text.append(f.at("/candidates/0/content/parts/0/text").asText());
    assertThat(text).hasToString("You said: Hello native Gemini");
    assertThat(provider.last().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");

    JsonNode usage = fixture.logEntry(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).at("/ai/proxy/usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(5); // the last frame's running total
  }

  @Test
  void gemini_model_in_the_path_must_be_the_configured_one() {
    HttpResponse<String> r = post("/gemini-native/v1beta/models/gemini-1.5-pro:generateContent", GEMINI_BODY);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).at("/error/message").asText())
        .isEqualTo("cannot use own model - must be: gemini-2.5-flash");
  }

  @Test
  void an_openai_body_on_a_native_route_has_no_valid_prompts() {
    HttpResponse<String> r = post("/gemini-native/v1beta/models/gemini-2.5-flash:generateContent",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).at("/error/message").asText()).isEqualTo("request body doesn't contain valid prompts");
  }

  @Test
  void bedrock_converse_body_is_signed_as_sent_and_its_usage_logged() {
    String body = "{\"system\":[{\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"text\":\"Hi native Bedrock\"}]}],\"inferenceConfig\":{\"maxTokens\":50}}";
    HttpResponse<String> r = post("/bedrock-native/model/anthropic.claude-3-haiku/converse", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200); // the provider checks the SigV4 signature over this body
    JsonNode answer = Json.parse(r.body());
    assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo("You said: Hi native Bedrock");
    assertThat(provider.last().body()).isEqualTo(Json.parse(body));

    JsonNode ai = fixture.logEntry(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).at("/ai/proxy");
    assertThat(ai.at("/usage/prompt_tokens").asInt()).isEqualTo(5); // Bedrock's inputTokens: 2 system + 3 user
    assertThat(ai.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(ai.at("/meta/provider_name").asText()).isEqualTo("bedrock");
    assertThat(ai.at("/meta/response_model").asText()).isEqualTo("anthropic.claude-3-haiku");
  }

  @Test
  void bedrock_converse_stream_passes_the_event_stream_frames_byte_for_byte() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"stream me\"}]}]}";
    HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + gw.port() + "/bedrock-native-stream/model/anthropic.claude-3-haiku/converse-stream"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    expected.writeBytes(ProviderServer.eventStreamFrame("messageStart", "{\"role\":\"assistant\"}"));
    String[] words = {"You", " said:", " stream", " me"};
    for (String w : words) {
      expected.writeBytes(ProviderServer.eventStreamFrame("contentBlockDelta",
          "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + w + "\"}}"));
    }
    expected.writeBytes(ProviderServer.eventStreamFrame("contentBlockStop", "{\"contentBlockIndex\":0}"));
    expected.writeBytes(ProviderServer.eventStreamFrame("messageStop", "{\"stopReason\":\"end_turn\"}"));
    expected.writeBytes(ProviderServer.eventStreamFrame("metadata",
        "{\"usage\":{\"inputTokens\":7,\"outputTokens\":4,\"totalTokens\":11},\"metrics\":{\"latencyMs\":20}}"));
    assertThat(r.body()).isEqualTo(expected.toByteArray());

    JsonNode usage = fixture.logEntry(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).at("/ai/proxy/usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(7); // the metadata event, read on the way
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(4);
  }
}
