package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy-advanced (beyond Kong OSS): several model targets behind one route, chosen by weight,
 * latency or priority, with failover to the next target on a provider's 429/5xx or a timeout. The
 * official OpenAI client talks to the gateway; the targets are OpenAI- and Anthropic-wire endpoints
 * of a loopback {@link ProviderServer} (special model names make it answer 429, 503 or slowly).
 */
class AiProxyAdvancedIT {
  private static final String KEY = "sk-advanced-openai-77";
  private static final String ANT_KEY = "sk-ant-advanced-88";
  private static AiGateway ai;

  private static String openai(String model, int weight) {
    return "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":\"Bearer " + KEY
        + "\"},\"logging\":{\"log_statistics\":true},\"weight\":" + weight + ",\"model\":{\"provider\":\"openai\",\"name\":\""
        + model + "\",\"options\":{\"upstream_url\":\"" + ai.url("/v1/chat/completions") + "\"}}}";
  }

  private static String anthropic(int weight) {
    return "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"x-api-key\",\"header_value\":\"" + ANT_KEY + "\"},"
        + "\"logging\":{\"log_statistics\":true},\"weight\":" + weight + ",\"model\":{\"provider\":\"anthropic\",\"name\":"
        + "\"claude-3-haiku\",\"options\":{\"max_tokens\":256,\"anthropic_version\":\"2023-06-01\",\"upstream_url\":\""
        + ai.url("/v1/messages") + "\"}}}";
  }

  private static String config(String balancer, String... targets) {
    return "{\"balancer\":{" + balancer + "},\"targets\":[" + String.join(",", targets) + "]}";
  }

  @BeforeAll
  static void start() {
    ai = new AiGateway(KEY, ANT_KEY);
    ai.route("/adv-failover", "ai-proxy-advanced", config("\"algorithm\":\"priority\"", openai("rate-limited", 100),
        anthropic(50)));
    ai.route("/adv-timeout", "ai-proxy-advanced", config("\"algorithm\":\"priority\",\"read_timeout\":300",
        openai("slow-30000", 100), openai("gpt-4o", 1)));
    ai.route("/adv-all-fail", "ai-proxy-advanced", config("\"algorithm\":\"priority\"", openai("overloaded", 100),
        openai("rate-limited", 50)));
    ai.route("/adv-no-429", "ai-proxy-advanced", config("\"algorithm\":\"priority\",\"failover_criteria\":[\"error\"]",
        openai("rate-limited", 100), openai("gpt-4o", 50)));
    ai.route("/adv-weights", "ai-proxy-advanced", config("\"algorithm\":\"round-robin\"", openai("model-a", 300),
        openai("model-b", 100)));
    ai.route("/adv-latency", "ai-proxy-advanced", config("\"algorithm\":\"lowest-latency\"", openai("slow-150", 100),
        openai("model-fast", 100)));
    ai.route("/adv-stream", "ai-proxy-advanced", config("", openai("gpt-4o", 100)));
    ai.apply();
  }

  @AfterAll
  static void stop() {
    ai.close();
  }

  private static ChatCompletionCreateParams chat(String question) {
    return ChatCompletionCreateParams.builder().model("any").addUserMessage(question).build();
  }

  /** The models the provider was asked for, in order, among these. */
  private static List<String> asked(List<String> among) {
    return ai.provider().received().stream().map(r -> r.body().path("model").asText()).filter(among::contains)
        .collect(Collectors.toList());
  }

  @Test
  void a_429_fails_over_to_the_next_provider() {
    HttpResponseFor<ChatCompletion> raw = ai.client("/adv-failover").chat().completions().withRawResponse()
        .create(chat("fail over please"));
    ChatCompletion c = raw.parse();
    assertThat(c.choices().getFirst().message().content()).contains("You said: fail over please");
    assertThat(raw.headers().values("X-Kong-LLM-Model")).containsExactly("anthropic/claude-3-haiku");
    List<ProviderServer.Received> got = ai.provider().received();
    ProviderServer.Received anthropic = got.getLast();
    assertThat(anthropic.path()).isEqualTo("/v1/messages");
    assertThat(anthropic.header("x-api-key")).isEqualTo(ANT_KEY);
    assertThat(got.get(got.size() - 2).body().get("model").asText()).isEqualTo("rate-limited");
    JsonNode entry = ai.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst());
    assertThat(entry.at("/ai/proxy/meta/provider_name").asText()).isEqualTo("anthropic");
    assertThat(entry.at("/ai/proxy/usage/total_tokens").asInt()).isGreaterThan(0);
    assertThat(entry.at("/ai/proxy/failover/0/reason").asText()).isEqualTo("http_429");
    assertThat(entry.at("/ai/proxy/failover/0/model").asText()).isEqualTo("rate-limited");
  }

  @Test
  void a_timeout_fails_over_without_waiting_for_the_slow_provider() {
    long start = System.nanoTime();
    ChatCompletion c = ai.client("/adv-timeout").chat().completions().create(chat("quick"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(c.model()).startsWith("gpt-4o");
    assertThat(ms).isLessThan(15_000); // the slow target would have taken 30 s; read_timeout is 300 ms
  }

  @Test
  void when_every_target_fails_the_last_answer_passes_with_the_key_blanked() {
    HttpResponse<String> r = ai.gateway().send("POST", "/adv-all-fail/v1/chat/completions",
        HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(Json.parse(r.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(r.body()).contains("[REDACTED]").doesNotContain(KEY);
  }

  @Test
  void failover_criteria_decide_what_fails_over() {
    HttpResponse<String> r = ai.gateway().send("POST", "/adv-no-429/v1/chat/completions",
        HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(429); // 429 is not in failover_criteria: no second try
  }

  @Test
  void round_robin_follows_the_weights() {
    for (int i = 0; i < 8; i++) ai.client("/adv-weights").chat().completions().create(chat("weights " + i));
    List<String> models = asked(List.of("model-a", "model-b"));
    assertThat(models).hasSize(8);
    assertThat(models.stream().filter("model-a"::equals).count()).isEqualTo(6);
    assertThat(models.stream().filter("model-b"::equals).count()).isEqualTo(2);
    assertThat(models.subList(0, 4)).contains("model-b"); // spread out, not in runs
  }

  @Test
  void lowest_latency_prefers_the_faster_target_once_both_are_measured() {
    for (int i = 0; i < 6; i++) ai.client("/adv-latency").chat().completions().create(chat("latency " + i));
    List<String> models = asked(List.of("slow-150", "model-fast"));
    assertThat(models).hasSize(6);
    assertThat(models.subList(0, 2)).containsExactlyInAnyOrder("slow-150", "model-fast"); // each measured once
    assertThat(models.subList(2, 6)).containsOnly("model-fast");
  }

  @Test
  void streams_go_through_ai_proxy_event_by_event() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> s = ai.client("/adv-stream").chat().completions()
        .createStreaming(chat("stream me please"))) {
      s.stream().forEach(chunk -> chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).isEqualTo("You said: stream me please");
    assertThat(ai.provider().last().body().get("stream").asBoolean()).isTrue();
  }
}
