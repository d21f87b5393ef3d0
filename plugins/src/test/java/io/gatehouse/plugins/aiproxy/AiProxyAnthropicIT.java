package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy with provider anthropic (Kong 3.9 {@code 03-anthropic_integration_spec.lua}): OpenAI-format
 * chats become Messages API calls ({@code x-api-key}, {@code anthropic-version}, {@code system}) and
 * the answers, whole or streamed, come back as OpenAI chat completions.
 */
class AiProxyAnthropicIT {
  private static final String KEY = "sk-ant-gateway-secret-99";
  private static final String CONFIG = "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"x-api-key\","
      + "\"header_value\":\"%s\"},\"logging\":{\"log_statistics\":true,\"log_payloads\":true},"
      + "\"model\":{\"provider\":\"anthropic\",\"name\":\"claude-3-5-sonnet\",\"options\":{\"max_tokens\":256,"
      + "\"anthropic_version\":\"2023-06-01\",\"upstream_url\":\"%s\"}}}";
  private static AiGateway fixture;
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static Path log;

  @BeforeAll
  static void start() throws IOException {
    fixture = new AiGateway("unused", KEY);
    provider = fixture.provider();
    gw = fixture.gateway();
    log = fixture.log();
    fixture.route("/claude", CONFIG.formatted(KEY, provider.url("/v1/messages")));
    fixture.route("/claude-bad-key", CONFIG.formatted("sk-ant-wrong-key-00", provider.url("/v1/messages")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ChatCompletionCreateParams chat(String question) {
    return ChatCompletionCreateParams.builder().model("claude-3-5-sonnet").addSystemMessage("You are a mathematician.")
        .addUserMessage(question).build();
  }

  @Test
  void chat_becomes_a_messages_call_and_its_answer_an_openai_completion() {
    HttpResponseFor<ChatCompletion> raw = fixture.client("/claude").chat().completions().withRawResponse()
        .create(chat("What is 1 + 1?"));
    ChatCompletion answer = raw.parse();
    assertThat(answer.choices().getFirst().message().content()).contains("You said: What is 1 + 1?");
    assertThat(answer.choices().getFirst().finishReason().asString()).isEqualTo("end_turn"); // Kong passes stop_reason
    assertThat(answer.model()).isEqualTo("claude-3-5-sonnet");
    assertThat(raw.headers().values("X-Kong-LLM-Model")).containsExactly("anthropic/claude-3-5-sonnet");

    ProviderServer.Received got = provider.last();
    assertThat(got.path()).isEqualTo("/v1/messages");
    assertThat(got.header("x-api-key")).isEqualTo(KEY);
    assertThat(got.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(got.body().get("system").asText()).isEqualTo("You are a mathematician.");
    assertThat(got.body().get("messages")).hasSize(1);
    assertThat(got.body().get("max_tokens").asInt()).isEqualTo(256);
    assertThat(got.body().get("stream").asBoolean()).isFalse();

    JsonNode ai = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy");
    assertThat(ai.get("meta").get("provider_name").asText()).isEqualTo("anthropic");
    assertThat(ai.get("usage").get("prompt_tokens").asLong()).isEqualTo(answer.usage().orElseThrow().promptTokens())
        .isEqualTo(4 + 5);
    assertThat(ai.get("usage").get("completion_tokens").asLong()).isEqualTo(7);
    assertThat(ai.get("usage").get("total_tokens").asLong()).isEqualTo(16);
  }

  @Test
  void a_streamed_answer_arrives_as_openai_chunks_as_the_provider_sends_it() {
    provider.holdStreams();
    String requestId;
    try (StreamResponse<ChatCompletionChunk> stream =
             fixture.client("/claude").chat().completions().createStreaming(chat("Count to three"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      ChatCompletionChunk first = chunks.next(); // message_start, while the provider waits
      assertThat(first.id()).isEqualTo("msg_stream1");
      assertThat(first.choices().getFirst().delta().role()).isPresent();
      provider.releaseStream();
      StringBuilder text = new StringBuilder();
      chunks.forEachRemaining(c -> {
        assertThat(c.id()).isEqualTo("msg_stream1");
        c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
      });
      assertThat(text).hasToString("You said: Count to three");
    }
    assertThat(provider.last().body().get("stream").asBoolean()).isTrue();
    // usage from message_start (input, and its first output token) plus message_delta, added as Kong adds them
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("Count to three\\\""));
    JsonNode entry = null;
    try {
      for (String line : Files.readAllLines(log)) {
        if (line.contains("Count to three")) entry = Json.parse(line);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JsonNode usage = entry.get("ai").get("proxy").get("usage");
    assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(7);
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(1 + 5);
    assertThat(entry.get("ai").get("proxy").get("payload").get("response").asText()).contains("You said: Count to three");
  }

  @Test
  void provider_errors_pass_without_the_key() {
    UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
        () -> fixture.client("/claude-bad-key").chat().completions().create(chat("hi")));
    assertThat(e.body().toString()).contains("authentication_error").doesNotContain("sk-ant-wrong-key-00");
  }
}
