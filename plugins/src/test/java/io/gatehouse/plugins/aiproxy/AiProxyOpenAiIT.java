package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy with provider openai (Kong 3.9 {@code 02-openai_integration_spec.lua}): the official
 * OpenAI Java client talks to the gateway, the gateway to a loopback server speaking OpenAI's wire
 * format with the gateway's key; token usage, latency and cost land under {@code ai.proxy} in the log.
 */
class AiProxyOpenAiIT {
  private static final String KEY = "sk-gateway-secret-4242";
  private static final String CHAT = "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\","
      + "\"header_value\":\"Bearer " + KEY + "\"},\"logging\":{\"log_statistics\":true,\"log_payloads\":true},"
      + "\"model\":{\"provider\":\"openai\",%s\"options\":{\"input_cost\":10,\"output_cost\":20,\"upstream_url\":\"%s\"}}%s}";
  private static AiGateway fixture;
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static Path log;

  @BeforeAll
  static void start() throws IOException {
    fixture = new AiGateway(KEY, "unused");
    provider = fixture.provider();
    gw = fixture.gateway();
    log = fixture.log();
    String chatUrl = provider.url("/v1/chat/completions");
    fixture.route("/chat", CHAT.formatted("\"name\":\"gpt-4o\",", chatUrl, ""));
    fixture.route("/any-model", CHAT.formatted("", chatUrl, ""));
    fixture.route("/no-stream", CHAT.formatted("\"name\":\"gpt-4o\",", chatUrl, ",\"response_streaming\":\"deny\""));
    fixture.route("/wrong-key", CHAT.replace(KEY, "sk-not-the-right-one-77").formatted("\"name\":\"gpt-4o\",", chatUrl, ""));
    fixture.route("/override", CHAT.replace("\"header_value\"", "\"allow_override\":true,\"header_value\"")
        .formatted("\"name\":\"gpt-4o\",", chatUrl, ""));
    fixture.route("/completions", CHAT.replace("llm/v1/chat", "llm/v1/completions")
        .formatted("\"name\":\"gpt-3.5-turbo-instruct\",", provider.url("/v1/completions"), ""));
    fixture.route("/query-key", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
        + "\"Bearer " + KEY + "\",\"param_name\":\"api-key\",\"param_value\":\"" + KEY + "\",\"param_location\":\"query\"},"
        + "\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":{\"upstream_url\":\"" + chatUrl + "\"}}}");
    gw.apply();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ChatCompletionCreateParams chat(String model, String question) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("You are a calculator.")
        .addUserMessage(question).build();
  }

  @Test
  void chat_goes_to_the_provider_with_the_gateway_key_and_comes_back_in_openai_format() {
    HttpResponseFor<ChatCompletion> raw =
        fixture.client("/chat").chat().completions().withRawResponse().create(chat("gpt-4o", "What is 1 + 1?"));
    ChatCompletion answer = raw.parse();
    assertThat(answer.choices().getFirst().message().content()).contains("You said: What is 1 + 1?");
    assertThat(answer.model()).isEqualTo("gpt-4o-0613");
    assertThat(raw.headers().values("X-Kong-LLM-Model")).containsExactly("openai/gpt-4o");
    assertThat(raw.headers().values("Set-Cookie")).isEmpty(); // Kong clears the provider's cookies

    ProviderServer.Received got = provider.last();
    assertThat(got.path()).isEqualTo("/v1/chat/completions");
    assertThat(got.header("Authorization")).isEqualTo("Bearer " + KEY); // the client's own key is replaced
    assertThat(got.header("Host")).isEqualTo("127.0.0.1:" + provider.port());
    assertThat(got.body().get("model").asText()).isEqualTo("gpt-4o");
    assertThat(got.body().get("stream").asBoolean()).isFalse();
    assertThat(got.body().get("input_cost")).isNull();

    JsonNode ai = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy");
    JsonNode meta = ai.get("meta");
    assertThat(meta.get("provider_name").asText()).isEqualTo("openai");
    assertThat(meta.get("request_model").asText()).isEqualTo("gpt-4o");
    assertThat(meta.get("response_model").asText()).isEqualTo("gpt-4o-0613");
    assertThat(meta.get("plugin_id").asText()).isNotEmpty();
    assertThat(meta.get("llm_latency").asLong()).isGreaterThanOrEqualTo(0);
    JsonNode usage = ai.get("usage");
    long prompt = answer.usage().orElseThrow().promptTokens();
    long completion = answer.usage().orElseThrow().completionTokens();
    assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(prompt).isEqualTo(9); // 4 + 5 words
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(completion);
    assertThat(usage.get("total_tokens").asLong()).isEqualTo(prompt + completion);
    assertThat(usage.get("cost").asDouble()).isEqualTo((prompt * 10 + completion * 20) / 1_000_000.0);
    assertThat(usage.get("time_per_token").asDouble())
        .isEqualTo((double) meta.get("llm_latency").asLong() / completion);
    assertThat(ai.get("payload").get("request").asText()).contains("What is 1 + 1?");
    assertThat(ai.get("payload").get("response").asText()).contains("chatcmpl-test1");
  }

  @Test
  void streams_are_translated_chunk_by_chunk_without_waiting_for_the_end() {
    provider.holdStreams();
    try (StreamResponse<ChatCompletionChunk> stream =
             fixture.client("/chat").chat().completions().createStreaming(chat("gpt-4o", "Count to three"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      // the provider sent one event and waits: the client has it all the same
      ChatCompletionChunk first = chunks.next();
      assertThat(first.choices().getFirst().delta().role()).isPresent();
      provider.releaseStream();
      StringBuilder text = new StringBuilder();
      chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      assertThat(text).hasToString("You said: Count to three");
    }
    assertThat(provider.last().body().get("stream").asBoolean()).isTrue();
  }

  @Test
  void a_client_that_leaves_mid_stream_ends_the_provider_call() {
    provider.holdStreams();
    int brokenBefore = provider.brokenAnswers();
    String longQuestion = "w ".repeat(1500).strip(); // 1500 events to write, under max_request_body_size
    try (StreamResponse<ChatCompletionChunk> stream =
             fixture.client("/chat").chat().completions().createStreaming(chat("gpt-4o", longQuestion))) {
      assertThat(stream.stream().iterator().next().choices()).isNotEmpty();
    } // the client hangs up after the first chunk
    provider.releaseStream();
    // the gateway closed the provider connection: the rest of the answer cannot be written
    await().atMost(Duration.ofSeconds(10)).until(() -> provider.brokenAnswers() > brokenBefore);
  }

  @Test
  void the_model_may_come_from_the_request_when_the_config_names_none() {
    HttpResponseFor<ChatCompletion> raw =
        fixture.client("/any-model").chat().completions().withRawResponse().create(chat("try-to-override-the-model", "hi"));
    assertThat(raw.parse().choices().getFirst().message().content()).contains("You said: hi");
    assertThat(raw.headers().values("X-Kong-LLM-Model")).containsExactly("openai/try-to-override-the-model");
  }

  @Test
  void kongs_refusals() {
    BadRequestException own = catchThrowableOfType(BadRequestException.class,
        () -> fixture.client("/chat").chat().completions().create(chat("gpt-3.5-turbo", "hi")));
    assertThat(own.body().toString()).contains("cannot use own model - must be: gpt-4o");

    BadRequestException streaming = catchThrowableOfType(BadRequestException.class,
        () -> fixture.client("/no-stream").chat().completions().createStreaming(chat("gpt-4o", "hi")).stream().count());
    assertThat(streaming.body().toString()).contains("response streaming is not enabled for this LLM");

    HttpResponse<String> empty = gw.send("POST", "/chat/chat/completions",
        HttpRequest.BodyPublishers.ofString("{\"messages\":[]}"), "Content-Type", "application/json");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(Json.parse(empty.body())).isEqualTo(Json.parse(
        "{\"error\":{\"message\":\"request body doesn't contain valid prompts\"}}"));

    HttpResponse<String> wrongType = gw.send("POST", "/chat/completions",
        HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\"}"), "Content-Type", "application/json");
    assertThat(Json.parse(wrongType.body()).path("error").path("message").asText())
        .isEqualTo("[llm/v1/completions] message format is not compatible with [llm/v1/chat] route type");
  }

  @Test
  void completions() {
    Completion c = fixture.client("/completions").completions().create(CompletionCreateParams.builder()
        .model(CompletionCreateParams.Model.of("gpt-3.5-turbo-instruct")).prompt("Explain tokens").build());
    assertThat(c.choices().getFirst().text()).isEqualTo("\n\nYou wrote: Explain tokens");
    assertThat(provider.last().path()).isEqualTo("/v1/completions");
  }

  @Test
  void allow_override_keeps_the_clients_key() {
    UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
        () -> fixture.client("/override").chat().completions().create(chat("gpt-4o", "hi")));
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(provider.last().header("Authorization")).isEqualTo("Bearer sk-client-own-key");
  }

  @Test
  void provider_keys_never_reach_error_bodies_or_logs() throws IOException {
    UnauthorizedException wrong = catchThrowableOfType(UnauthorizedException.class,
        () -> fixture.client("/wrong-key").chat().completions().create(chat("gpt-4o", "hi")));
    assertThat(wrong.body().toString()).contains("invalid_api_key").doesNotContain("sk-not-the-right-one-77");

    // a provider repeating the credential in its error: the gateway blanks it
    BadRequestException echoed = catchThrowableOfType(BadRequestException.class,
        () -> fixture.client("/any-model").chat().completions().create(chat("echo-auth-error", "hi")));
    assertThat(echoed.body().toString()).contains("[REDACTED]").doesNotContain(KEY);

    HttpResponseFor<ChatCompletion> viaQuery =
        fixture.client("/query-key").chat().completions().withRawResponse().create(chat("gpt-4o", "hi"));
    assertThat(provider.last().query()).isEqualTo("api-key=" + KEY);
    JsonNode entry = fixture.logEntry(viaQuery.headers().values("X-Kong-Request-Id").getFirst());
    assertThat(entry.get("upstream_uri").asText()).isEqualTo("/v1/chat/completions?api-key=REDACTED");

    fixture.client("/chat").chat().completions().create(chat("gpt-4o", "last one"));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("last one"));
    assertThat(Files.readString(log)).doesNotContain(KEY).doesNotContain("sk-not-the-right-one-77");
  }

  @Test
  void an_answer_that_does_not_translate_says_why() {
    HttpResponse<String> r = gw.send("POST", "/any-model/chat/completions", HttpRequest.BodyPublishers.ofString(
        "{\"model\":\"broken\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "Content-Type", "application/json");
    ObjectNode expected = (ObjectNode) Json.parse("{\"error\":{\"message\":\"transformation failed from type "
        + "openai://llm/v1/chat: 'choices' not in llm/v1/chat response\"}}");
    assertThat(Json.parse(r.body())).isEqualTo(expected);
    // Kong answers 500: its header filter sees the whole answer; here the head went out first (docs/ai.md)
    assertThat(r.statusCode()).isEqualTo(200);
  }
}
