package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy-advanced's failover for streamed answers: targets that answer 429/5xx or time out before
 * their first byte are skipped; the first stream that starts is relayed to the client translated to
 * the OpenAI format event by event, as the provider writes it. A real HTTP client reads the stream
 * line by line; the providers are the loopback {@code ProviderServer} (special model names answer
 * 429, 503 or slowly; {@code holdStreams} stops a stream after its first event).
 */
class AiProxyAdvancedStreamingIT {
  private static final String KEY = "sk-advanced-stream-openai-41";
  private static final String ANT_KEY = "sk-ant-advanced-stream-42";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
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

  private static String priority(int readTimeoutMs, String... targets) {
    return "{\"balancer\":{\"algorithm\":\"priority\",\"read_timeout\":" + readTimeoutMs + "},\"targets\":["
        + String.join(",", targets) + "]}";
  }

  @BeforeAll
  static void start() {
    ai = new AiGateway(KEY, ANT_KEY);
    ai.route("/stream-failover", "ai-proxy-advanced", priority(1500, openai("rate-limited", 300),
        openai("slow-4000", 200), anthropic(100)));
    ai.route("/stream-all-fail", "ai-proxy-advanced", priority(5000, openai("overloaded", 100),
        openai("rate-limited", 50)));
    ai.route("/stream-all-slow", "ai-proxy-advanced", priority(400, openai("slow-3000", 100), openai("slow-3001", 50)));
    ai.route("/stream-leave", "ai-proxy-advanced", priority(5000, openai("rate-limited", 100), openai("gpt-4o", 50)));
    ai.apply();
  }

  @AfterAll
  static void stop() {
    ai.close();
  }

  private static HttpResponse<InputStream> ask(String route, String question) throws Exception {
    String body = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ai.gateway().port() + route
            + "/v1/chat/completions")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return CLIENT.send(r, HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The next {@code data:} line's payload, skipping blank lines. */
  private static String nextData(BufferedReader lines) throws Exception {
    for (String line; (line = lines.readLine()) != null; ) {
      if (line.startsWith("data: ")) return line.substring(6);
      assertThat(line).isEmpty();
    }
    return null;
  }

  @Test
  void a_429_and_a_timeout_fail_over_to_a_stream_that_reaches_the_client_as_it_is_written() throws Exception {
    ai.provider().holdStreams(); // the answering provider writes its first event, then waits
    String id;
    List<String> events = new ArrayList<>();
    try {
      HttpResponse<InputStream> res = ask("/stream-failover", "fail over and stream");
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.headers().firstValue("Content-Type")).contains("text/event-stream");
      assertThat(res.headers().firstValue("X-Kong-LLM-Model")).contains("anthropic/claude-3-haiku");
      assertThat(res.headers().firstValue("Content-Length")).isEmpty();
      id = res.headers().firstValue("X-Kong-Request-Id").orElseThrow();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        // the provider has written only its first event: the client has it, translated to OpenAI's format
        JsonNode first = Json.parse(nextData(lines));
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        // a committed stream may stay quiet longer than read_timeout (which bounds only the wait for the first byte)
        Thread.sleep(2000);
        ai.provider().releaseStream();
        for (String data; (data = nextData(lines)) != null; ) events.add(data);
      }
    } finally {
      ai.provider().releaseStream();
    }
    assertThat(events).last().isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String e : events.subList(0, events.size() - 1)) {
      text.append(Json.parse(e).at("/choices/0/delta/content").asText(""));
    }
    assertThat(text).hasToString("You said: fail over and stream");
    List<String> models = ai.provider().received().stream().map(r -> r.body().path("model").asText()).toList();
    assertThat(models).containsSubsequence("rate-limited", "slow-4000", "claude-3-haiku");

    JsonNode entry = ai.logEntry(id);
    assertThat(entry.at("/response/status").asInt()).isEqualTo(200);
    assertThat(entry.at("/ai/proxy/meta/provider_name").asText()).isEqualTo("anthropic");
    assertThat(entry.at("/ai/proxy/meta/request_model").asText()).isEqualTo("claude-3-haiku");
    assertThat(entry.at("/ai/proxy/usage/prompt_tokens").asInt()).isEqualTo(4); // the provider's input count
    assertThat(entry.at("/ai/proxy/usage/completion_tokens").asInt()).isPositive(); // counted from the stream's events
    assertThat(entry.at("/ai/proxy/usage/total_tokens").asInt())
        .isEqualTo(4 + entry.at("/ai/proxy/usage/completion_tokens").asInt());
    assertThat(entry.at("/ai/proxy/failover/0/reason").asText()).isEqualTo("http_429");
    assertThat(entry.at("/ai/proxy/failover/0/status").asInt()).isEqualTo(429);
    assertThat(entry.at("/ai/proxy/failover/1/reason").asText()).isEqualTo("timeout");
    assertThat(entry.at("/ai/proxy/failover/1/model").asText()).isEqualTo("slow-4000");
  }

  @Test
  void when_every_target_fails_the_last_answer_passes_whole_as_for_a_whole_answer() throws Exception {
    HttpResponse<InputStream> res = ask("/stream-all-fail", "hi");
    String body = new String(res.body().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(res.statusCode()).isEqualTo(429);
    assertThat(res.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(Json.parse(body).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(body).contains("[REDACTED]").doesNotContain(KEY);
    JsonNode entry = ai.logEntry(res.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(entry.at("/ai/proxy/failover/0/reason").asText()).isEqualTo("http_503");

    HttpResponse<InputStream> slow = ask("/stream-all-slow", "hi");
    assertThat(slow.statusCode()).isEqualTo(504);
    assertThat(Json.parse(new String(slow.body().readAllBytes(), StandardCharsets.UTF_8))).isEqualTo(
        Json.parse("{\"error\":{\"message\":\"timeout waiting for the AI provider\"}}"));
  }

  @Test
  void a_client_that_leaves_mid_stream_ends_the_provider_call() throws Exception {
    ai.provider().holdStreams();
    int brokenBefore = ai.provider().brokenAnswers();
    String longQuestion = "w ".repeat(1500).strip(); // 1500 events to write, under max_request_body_size
    String id;
    try {
      HttpResponse<InputStream> res = ask("/stream-leave", longQuestion);
      assertThat(res.statusCode()).isEqualTo(200);
      id = res.headers().firstValue("X-Kong-Request-Id").orElseThrow();
      InputStream in = res.body();
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      assertThat(Json.parse(nextData(lines)).path("object").asText()).isEqualTo("chat.completion.chunk");
      in.close(); // the client hangs up after the first event
    } finally {
      ai.provider().releaseStream();
    }
    // the gateway cancelled the provider's stream, closing its connection: the rest cannot be written
    await().atMost(Duration.ofSeconds(15)).until(() -> ai.provider().brokenAnswers() > brokenBefore);
    assertThat(ai.logEntry(id).at("/ai/proxy/meta/request_model").asText()).isEqualTo("gpt-4o"); // logged once over
  }
}
