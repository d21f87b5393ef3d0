package io.gatehouse.plugins.aiproxy;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.GatewayProcess;
import io.gatehouse.sdk.AdminEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streaming guarantees of ai-proxy (issue 18's verification), with the test provider speaking
 * OpenAI's SSE format and the JDK's HttpClient reading the stream line by line as it arrives:
 * the first event reaches the client right after the provider flushed it; a 100 MiB answer crosses
 * a node whose whole heap is 64 MiB; a streamed answer's tokens are counted when a token quota
 * needs them although nothing logs statistics, and not parsed for when nobody needs them.
 */
class AiStreamingIT {
  private static final String KEY = "sk-streaming-provider-7";
  private static AiGateway ai;
  private static JsonNode plainRoute;
  private static JsonNode quotaRoute;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String config(String model) {
    return "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":\"Bearer " + KEY
        + "\"},\"model\":{\"provider\":\"openai\",\"name\":\"" + model + "\",\"options\":{\"upstream_url\":\""
        + ai.url("/v1/chat/completions") + "\"}}}";
  }

  @BeforeAll
  static void start() {
    ai = new AiGateway(KEY, "unused");
    plainRoute = ai.route("/stream-plain", config("gpt-4o"));
    quotaRoute = ai.route("/stream-quota", config("gpt-4o"));
    ai.gateway().plugin("ai-token-quota", "{\"tokens_per_hour\":100000,\"limit_by\":\"ip\"}", ref("route", quotaRoute));
    ai.apply();
  }

  @AfterAll
  static void stop() {
    ai.close();
  }

  private static HttpResponse<InputStream> stream(int port, String route, String question) throws Exception {
    String body = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + route + "/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<InputStream> res = CLIENT.send(r, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    return res;
  }

  @Test
  void the_first_event_reaches_the_client_right_after_the_provider_sent_it() throws Exception {
    ai.provider().holdStreams(); // the provider sends its first event and waits: nothing else could push it out
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        stream(ai.gateway().port(), "/stream-plain", "how fast").body(), StandardCharsets.UTF_8))) {
      String first = lines.readLine();
      long arrived = System.nanoTime();
      assertThat(first).startsWith("data: {");
      long ms = (arrived - ai.provider().firstEventNanos()) / 1_000_000;
      assertThat(ms).as("ms from the provider's flush to the client's read").isBetween(0L, 200L);
    } finally {
      ai.provider().releaseStream();
    }
  }

  @Test
  void a_100_mib_answer_crosses_a_node_with_a_64_mib_heap() throws Exception {
    long size = 100L << 20;
    try (GatewayProcess node = new GatewayProcess(64, "/bulk", "ai-proxy", config("bulk-100"))) {
      long content = 0;
      boolean done = false;
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(
          stream(node.port(), "/bulk", "a lot please").body(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          if (!line.startsWith("data: ")) continue;
          if (line.equals("data: [DONE]")) {
            done = true;
            continue;
          }
          JsonNode delta = Json.parse(line.substring(6)).at("/choices/0/delta/content");
          content += delta.asText("").length();
        }
      }
      assertThat(content).isEqualTo(size);
      assertThat(done).isTrue();
      assertThat(node.alive()).isTrue(); // -XX:+ExitOnOutOfMemoryError would have ended it
    }
  }

  @Test
  void a_token_quota_has_stream_tokens_counted_without_log_statistics() throws Exception {
    String question = "count these words";
    for (String route : new String[] {"/stream-quota", "/stream-plain"}) {
      try (InputStream in = stream(ai.gateway().port(), route, question).body()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("data: [DONE]");
      }
    }
    AdminEndpoint usage = new AiProxyPlugin().adminEndpoints().stream()
        .filter(e -> e.template().equals("/ai/usage/{window}")).findFirst().orElseThrow();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completion(usage, quotaRoute) >= 0
        && completion(usage, plainRoute) >= 0);
    // "You said: count these words" is 27 characters: Kong's estimate of a token per 4 characters
    assertThat(completion(usage, quotaRoute)).isEqualTo(7);
    // nobody reads this route's usage and OpenAI's events carry no counts: its events were not parsed
    assertThat(completion(usage, plainRoute)).isZero();
  }

  /** The route's completion tokens in {@code /ai/usage/day}, -1 before its call was logged. */
  private static long completion(AdminEndpoint usage, JsonNode route) {
    JsonNode report = Json.MAPPER.valueToTree(usage.handler().apply(Map.of("window", "day")).body());
    for (JsonNode row : report.get("data")) {
      if (row.at("/route/id").asText().equals(id(route))) return row.get("completion_tokens").asLong();
    }
    return -1;
  }
}
