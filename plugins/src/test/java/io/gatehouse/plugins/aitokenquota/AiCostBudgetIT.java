package io.gatehouse.plugins.aitokenquota;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.Headers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.testsupport.RedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ai-token-quota's cost budget (beyond Kong): each call's cost (the model's prices per million
 * tokens) is counted per consumer; a consumer whose budget is spent gets 429 with a JSON error and
 * {@code X-AI-Cost-*} headers while another consumer goes on, with counters in this node's memory
 * ({@code local}) and in a real Redis ({@code redis}). Client: the official OpenAI Java client.
 */
class AiCostBudgetIT {
  private static final String KEY = "sk-budget-provider-7";
  /** One chat at the test provider: 5 prompt tokens × 10 + 7 completion tokens × 20, per million. */
  private static final long CALL_MICROS = 190;
  private static RedisServer redis;
  private static AiGateway ai;
  private static JsonNode alice;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    ai = new AiGateway(KEY, "unused");
    var gw = ai.gateway();
    budgetRoute("/budget-local", "{\"cost_per_day\":0.0003}");
    budgetRoute("/budget-redis", "{\"cost_per_hour\":0.0003,\"cost_per_month\":5,\"policy\":\"redis\","
        + "\"fault_tolerant\":false,\"redis\":{\"host\":\"127.0.0.1\",\"port\":" + redis.port() + "}}");
    alice = gw.consumer("alice-budget");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\",\"consumer\":{\"id\":\"" + id(alice) + "\"}}");
    JsonNode bob = gw.consumer("bob-budget");
    gw.insert("keyauth_credentials", "{\"key\":\"bob-key\",\"consumer\":{\"id\":\"" + id(bob) + "\"}}");
    ai.apply();
  }

  private static void budgetRoute(String path, String quota) {
    JsonNode route = ai.route(path, "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\","
        + "\"header_value\":\"Bearer " + KEY + "\"},\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":"
        + "{\"input_cost\":10,\"output_cost\":20,\"upstream_url\":\"" + ai.url("/v1/chat/completions") + "\"}}}");
    ai.gateway().plugin("key-auth", "{}", ref("route", route));
    ai.gateway().plugin("ai-token-quota", quota, ref("route", route));
  }

  @AfterAll
  static void stop() {
    ai.close();
    redis.close();
  }

  /** One chat through the route; returns the answer's headers once the call was logged (and so counted). */
  private static Headers chat(String path, String key) {
    var client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + ai.gateway().port() + path)
        .apiKey("unused").putHeader("apikey", key).maxRetries(0).timeout(Duration.ofSeconds(10)).build();
    var raw = client.chat().completions().withRawResponse().create(
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("one two three four five").build());
    raw.parse();
    ai.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst());
    return raw.headers();
  }

  /** Redis is written after the answer: waits until alice's cost counters there hold {@code micros}. */
  private static void awaitRedisCost(long micros) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Object keys = redis.command("KEYS", "ai-token-quota:*:cost:" + id(alice) + ":*");
      assertThat(keys).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
      for (Object k : (List<?>) keys) assertThat(redis.command("GET", (String) k)).isEqualTo(Long.toString(micros));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void a_consumer_whose_budget_is_spent_gets_429_and_others_go_on(String policy) {
    String path = "/budget-" + policy;
    String window = policy.equals("local") ? "Day" : "Hour";
    Headers first = chat(path, "alice-key");
    assertThat(first.values("X-AI-Cost-Limit-" + window)).containsExactly("0.0003");
    assertThat(first.values("X-AI-Cost-Remaining-" + window)).containsExactly("0.0003");
    assertThat(first.values("X-AI-Cost-Reset")).hasSize(1);
    assertThat(first.values("X-AI-RateLimit-Limit-" + window)).isEmpty(); // no token window configured
    if (policy.equals("redis")) {
      assertThat(first.values("X-AI-Cost-Limit-Month")).containsExactly("5");
      awaitRedisCost(CALL_MICROS);
    }
    Headers second = chat(path, "alice-key");
    assertThat(second.values("X-AI-Cost-Remaining-" + window)).containsExactly("0.00011"); // 0.00019 spent
    if (policy.equals("redis")) awaitRedisCost(2 * CALL_MICROS);

    int before = ai.provider().received().size();
    HttpResponse<String> third = ai.gateway().send("POST", path + "/chat/completions",
        HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}"),
        "Content-Type", "application/json", "apikey", "alice-key");
    assertThat(third.statusCode()).isEqualTo(429);
    JsonNode body = Json.parse(third.body());
    assertThat(body.get("message").asText()).isEqualTo("AI cost budget exceeded");
    assertThat(body.get("window").asText()).isEqualTo(window.toLowerCase(java.util.Locale.ROOT));
    assertThat(body.get("limit").decimalValue()).isEqualByComparingTo("0.0003");
    assertThat(body.get("used").decimalValue()).isEqualByComparingTo("0.00038");
    assertThat(body.get("retry_after").asLong()).isPositive();
    assertThat(third.headers().firstValue("Retry-After")).hasValue(body.get("retry_after").asText());
    assertThat(third.headers().firstValue("X-AI-Cost-Remaining-" + window)).hasValue("0");
    assertThat(ai.provider().received()).hasSize(before); // the refused request never reached the provider

    Headers bob = chat(path, "bob-key");
    assertThat(bob.values("X-AI-Cost-Remaining-" + window)).containsExactly("0.0003");
  }

  @org.junit.jupiter.api.Test
  void a_budget_must_be_above_zero_and_a_quota_needs_a_window() {
    var zero = org.assertj.core.api.Assertions.catchThrowable(
        () -> ai.gateway().plugin("ai-token-quota", "{\"cost_per_day\":0}", ""));
    assertThat(zero).hasMessageContaining("cost_per_day");
    var none = org.assertj.core.api.Assertions.catchThrowable(() -> ai.gateway().plugin("ai-token-quota", "{}", ""));
    assertThat(none).hasMessageContaining("'config.cost_per_month'");
  }
}
