package io.gatehouse.plugins.aitokenquota;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.aiproxy.AiProxyPlugin;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.sdk.AdminEndpoint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-token-quota and {@code GET /ai/usage} (beyond Kong OSS): tokens the provider reported are
 * counted per consumer; a consumer past its quota gets 429 with a JSON error and
 * {@code X-AI-RateLimit-*} headers while another consumer goes on; the Admin API's usage view sums
 * tokens and cost per consumer, route and model. Client: the official OpenAI Java client.
 */
class AiTokenQuotaIT {
  private static final String KEY = "sk-quota-provider-3";
  private static AiGateway ai;
  private static JsonNode route;
  private static JsonNode alice;

  @BeforeAll
  static void start() {
    ai = new AiGateway(KEY, "unused");
    var gw = ai.gateway();
    route = ai.route("/quota", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\","
        + "\"header_value\":\"Bearer " + KEY + "\"},\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":"
        + "{\"input_cost\":10,\"output_cost\":20,\"upstream_url\":\"" + ai.url("/v1/chat/completions") + "\"}}}");
    gw.plugin("key-auth", "{}", ref("route", route));
    gw.plugin("ai-token-quota", "{\"tokens_per_hour\":20,\"tokens_per_day\":1000}", ref("route", route));
    alice = gw.consumer("alice-quota");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\",\"consumer\":{\"id\":\"" + id(alice) + "\"}}");
    JsonNode bob = gw.consumer("bob-quota");
    gw.insert("keyauth_credentials", "{\"key\":\"bob-key\",\"consumer\":{\"id\":\"" + id(bob) + "\"}}");
    ai.apply();
  }

  @AfterAll
  static void stop() {
    ai.close();
  }

  /** One chat: 5 prompt tokens, "You said: …" 7 completion tokens at the test provider. */
  private static HttpResponseFor<ChatCompletion> chat(String key) {
    var client = com.openai.client.okhttp.OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + ai.gateway().port() + "/quota").apiKey("unused")
        .putHeader("apikey", key).maxRetries(0).build();
    HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("one two three four five").build());
    raw.parse();
    ai.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()); // logged: the tokens are counted
    return raw;
  }

  @Test
  void a_consumer_past_its_quota_gets_429_and_others_go_on() {
    HttpResponseFor<ChatCompletion> first = chat("alice-key");
    assertThat(first.headers().values("X-AI-RateLimit-Limit-Hour")).containsExactly("20");
    assertThat(first.headers().values("X-AI-RateLimit-Remaining-Hour")).containsExactly("20");
    assertThat(first.headers().values("X-AI-RateLimit-Limit-Day")).containsExactly("1000");
    HttpResponseFor<ChatCompletion> second = chat("alice-key");
    assertThat(second.headers().values("X-AI-RateLimit-Remaining-Hour")).containsExactly("8"); // 12 used
    int before = ai.provider().received().size();
    HttpResponse<String> third = ai.gateway().send("POST", "/quota/chat/completions",
        HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}"),
        "Content-Type", "application/json", "apikey", "alice-key");
    assertThat(third.statusCode()).isEqualTo(429);
    JsonNode body = Json.parse(third.body());
    assertThat(body.get("message").asText()).isEqualTo("AI token quota exceeded");
    assertThat(body.get("window").asText()).isEqualTo("hour");
    assertThat(body.get("limit").asLong()).isEqualTo(20);
    assertThat(body.get("used").asLong()).isEqualTo(24);
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
    assertThat(third.headers().firstValue("X-AI-RateLimit-Remaining-Hour")).hasValue("0");
    assertThat(third.headers().firstValue("X-AI-RateLimit-Remaining-Day")).hasValue("976");
    assertThat(ai.provider().received()).hasSize(before); // the refused request never reached the provider
    HttpResponseFor<ChatCompletion> bob = chat("bob-key");
    assertThat(bob.headers().values("X-AI-RateLimit-Remaining-Hour")).containsExactly("20");

    // the Admin API's usage view: per consumer, route and model, with cost from the model's prices
    AdminEndpoint usage = new AiProxyPlugin().adminEndpoints().stream()
        .filter(e -> e.template().equals("/ai/usage/{window}")).findFirst().orElseThrow();
    JsonNode report = Json.MAPPER.valueToTree(usage.handler().apply(Map.of("window", "day")).body());
    assertThat(report.get("window").asText()).isEqualTo("day");
    JsonNode aliceRow = null;
    for (JsonNode row : report.get("data")) {
      if (row.at("/consumer/id").asText().equals(id(alice)) && row.at("/route/id").asText().equals(id(route))) aliceRow = row;
    }
    assertThat(aliceRow).isNotNull();
    assertThat(aliceRow.at("/consumer/username").asText()).isEqualTo("alice-quota");
    assertThat(aliceRow.get("provider").asText()).isEqualTo("openai");
    assertThat(aliceRow.get("model").asText()).isEqualTo("gpt-4o");
    assertThat(aliceRow.get("requests").asLong()).isEqualTo(2);
    assertThat(aliceRow.get("prompt_tokens").asLong()).isEqualTo(10);
    assertThat(aliceRow.get("completion_tokens").asLong()).isEqualTo(14);
    assertThat(aliceRow.get("total_tokens").asLong()).isEqualTo(24);
    assertThat(aliceRow.get("cost").asDouble()).isCloseTo(0.00038, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(report.at("/totals/total_tokens").asLong()).isGreaterThanOrEqualTo(36);
    assertThat(usage.handler().apply(Map.of("window", "week")).status()).isEqualTo(400);
  }

  @Test
  void a_quota_needs_a_window() {
    var e = org.assertj.core.api.Assertions.catchThrowable(() -> ai.gateway().plugin("ai-token-quota", "{}", ""));
    assertThat(e).hasMessageContaining("at least one of these fields must be non-empty");
  }
}
