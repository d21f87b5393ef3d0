package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-proxy with providers azure, mistral and llama2 (Kong 3.9 {@code 05-azure}, {@code 06-mistral},
 * {@code 07-llama2} integration specs), each against a loopback server in that provider's format.
 */
class AiProxyProvidersIT {
  private static final String KEY = "azure-gateway-secret-31";
  private static AiGateway fixture;
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static Path log;

  @BeforeAll
  static void start() throws IOException {
    fixture = new AiGateway(KEY, "bedrock-secret-access-key");
    provider = fixture.provider();
    gw = fixture.gateway();
    log = fixture.log();
    fixture.route("/azure", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"api-key\",\"header_value\":\"" + KEY + "\"},"
        + "\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"azure\",\"name\":\"gpt-4o\",\"options\":"
        + "{\"azure_instance\":\"my-instance\",\"azure_deployment_id\":\"gpt4-deploy\",\"azure_api_version\":\"2024-02-01\","
        + "\"upstream_url\":\"" + provider.url("/openai/deployments/gpt4-deploy/chat/completions") + "\"}}}");
    fixture.route("/mistral", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
        + "\"Bearer " + KEY + "\"},\"model\":{\"provider\":\"mistral\",\"name\":\"mistral-tiny\",\"options\":"
        + "{\"mistral_format\":\"openai\",\"upstream_url\":\"" + provider.url("/v1/chat/completions") + "\"}}}");
    fixture.route("/mistral-ollama", "{\"route_type\":\"llm/v1/chat\",\"logging\":{\"log_statistics\":true},"
        + "\"model\":{\"provider\":\"mistral\",\"name\":\"mistral\",\"options\":{\"mistral_format\":\"ollama\","
        + "\"upstream_url\":\"" + provider.url("/api/chat") + "\"}}}");
    fixture.route("/llama2-raw", "{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"llama2\",\"name\":\"llama-2-7b\","
        + "\"options\":{\"llama2_format\":\"raw\",\"upstream_url\":\"" + provider.url("/raw/generate") + "\"}}}");
    fixture.route("/llama2-ollama", "{\"route_type\":\"llm/v1/chat\",\"logging\":{\"log_statistics\":true},\"model\":"
        + "{\"provider\":\"llama2\",\"name\":\"llama2\",\"options\":{\"llama2_format\":\"ollama\",\"max_tokens\":64,"
        + "\"upstream_url\":\"" + provider.url("/api/chat") + "\"}}}");
    fixture.route("/cohere", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
        + "\"Bearer " + KEY + "\"},\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"cohere\","
        + "\"name\":\"command-r\",\"options\":{\"top_p\":0.5,\"upstream_url\":\"" + provider.url("/v1/chat") + "\"}}}");
    String hf = "{\"route_type\":\"%s\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":\"Bearer " + KEY
        + "\"},\"model\":{\"provider\":\"huggingface\",\"name\":\"%s\",\"options\":{\"max_tokens\":32,"
        + "\"huggingface\":{\"wait_for_model\":true},\"upstream_url\":\"%s\"}}}";
    fixture.route("/hf-chat", hf.formatted("llm/v1/chat", "meta-llama/Llama-3.2-1B-Instruct",
        provider.url("/models/meta-llama/Llama-3.2-1B-Instruct")));
    fixture.route("/hf-completions", hf.formatted("llm/v1/completions", "gpt2", provider.url("/models/gpt2")));
    fixture.route("/bedrock", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"aws_access_key_id\":\"AKIDBEDROCKTEST\","
        + "\"aws_secret_access_key\":\"bedrock-secret-access-key\"},\"logging\":{\"log_statistics\":true},\"model\":"
        + "{\"provider\":\"bedrock\",\"name\":\"anthropic.claude-3-haiku\",\"options\":{\"bedrock\":{\"aws_region\":"
        + "\"us-west-2\"},\"max_tokens\":100,\"upstream_url\":\""
        + provider.url("/model/anthropic.claude-3-haiku/converse") + "\"}}}");
    fixture.route("/bedrock-stream", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"aws_access_key_id\":\"AKIDBEDROCKTEST\","
        + "\"aws_secret_access_key\":\"bedrock-secret-access-key\"},\"logging\":{\"log_statistics\":true},\"model\":"
        + "{\"provider\":\"bedrock\",\"name\":\"anthropic.claude-3-haiku\",\"options\":{\"bedrock\":{\"aws_region\":"
        + "\"us-west-2\"},\"upstream_url\":\"" + provider.url("/model/anthropic.claude-3-haiku/converse-stream") + "\"}}}");
    String gemini = "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"param_name\":\"key\",\"param_value\":\"" + KEY + "\","
        + "\"param_location\":\"query\"},\"logging\":{\"log_statistics\":true},\"model\":{\"provider\":\"gemini\","
        + "\"name\":\"gemini-2.5-flash\",\"options\":{\"max_tokens\":1024,\"temperature\":0.7,\"upstream_url\":\"%s\"}}%s}";
    fixture.route("/gemini", gemini.formatted(provider.url("/v1beta/models/gemini-2.5-flash:generateContent"), ""));
    fixture.route("/gemini-stream", gemini.formatted(provider.url("/v1beta/models/gemini-2.5-flash:streamGenerateContent"),
        ",\"response_streaming\":\"always\""));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ChatCompletionCreateParams chat(String model, String question) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("You are helpful.")
        .addUserMessage(question).build();
  }

  @Test
  void azure_gets_its_api_key_header_and_api_version() {
    HttpResponseFor<ChatCompletion> raw =
        fixture.client("/azure").chat().completions().withRawResponse().create(chat("gpt-4o", "Hello Azure"));
    assertThat(raw.parse().choices().getFirst().message().content()).contains("You said: Hello Azure");
    ProviderServer.Received got = provider.last();
    assertThat(got.path()).isEqualTo("/openai/deployments/gpt4-deploy/chat/completions");
    assertThat(got.query()).isEqualTo("api-version=2024-02-01");
    assertThat(got.header("api-key")).isEqualTo(KEY);
    JsonNode meta = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy").get("meta");
    assertThat(meta.get("provider_name").asText()).isEqualTo("azure");
    assertThat(meta.get("azure_instance_id").asText()).isEqualTo("my-instance");
    assertThat(meta.get("azure_deployment_id").asText()).isEqualTo("gpt4-deploy");
    assertThat(meta.get("azure_api_version").asText()).isEqualTo("2024-02-01");
  }

  @Test
  void mistral_in_openai_format() {
    ChatCompletion c = fixture.client("/mistral").chat().completions().create(chat("mistral-tiny", "Bonjour"));
    assertThat(c.choices().getFirst().message().content()).contains("You said: Bonjour");
    assertThat(provider.last().body().get("model").asText()).isEqualTo("mistral-tiny");
  }

  @Test
  void mistral_on_ollama_streams_json_lines_as_server_sent_events() {
    provider.holdStreams();
    String text;
    try (StreamResponse<ChatCompletionChunk> stream =
             fixture.client("/mistral-ollama").chat().completions().createStreaming(chat("mistral", "one two three"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      StringBuilder b = new StringBuilder();
      chunks.next().choices().forEach(ch -> ch.delta().content().ifPresent(b::append)); // before the provider goes on
      provider.releaseStream();
      chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(b::append)));
      text = b.toString();
    }
    assertThat(text).isEqualTo("You said: one two three");
    JsonNode got = provider.last().body();
    assertThat(got.get("stream").asBoolean()).isTrue();
    assertThat(got.get("messages")).hasSize(2);
  }

  @Test
  void gemini_generate_content_with_the_key_in_the_query() {
    HttpResponseFor<ChatCompletion> raw =
        fixture.client("/gemini").chat().completions().withRawResponse().create(chat("gemini-2.5-flash", "Hi Gemini"));
    ChatCompletion c = raw.parse();
    assertThat(c.choices().getFirst().message().content()).contains("You said: Hi Gemini");
    assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("stop");
    ProviderServer.Received got = provider.last();
    assertThat(got.query()).isEqualTo("key=" + KEY);
    assertThat(got.body().get("systemInstruction").get("parts").get(0).get("text").asText()).isEqualTo("You are helpful.");
    assertThat(got.body().get("contents").get(0).get("role").asText()).isEqualTo("user");
    assertThat(got.body().get("generationConfig").get("maxOutputTokens").asInt()).isEqualTo(1024);
    JsonNode usage = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy").get("usage");
    assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(3 + 2);
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(4);
  }

  @Test
  void gemini_streams_a_json_array_as_server_sent_events() {
    provider.holdStreams();
    StringBuilder b = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
             fixture.client("/gemini-stream").chat().completions().createStreaming(chat("gemini-2.5-flash", "one two"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      chunks.next().choices().forEach(ch -> ch.delta().content().ifPresent(b::append)); // the provider waits meanwhile
      provider.releaseStream();
      chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(b::append)));
    }
    assertThat(b).hasToString("You said: one two");
  }

  @Test
  void cohere_chat_history_and_streamed_json_lines() {
    HttpResponseFor<ChatCompletion> raw =
        fixture.client("/cohere").chat().completions().withRawResponse().create(chat("command-r", "Hi Cohere"));
    assertThat(raw.parse().choices().getFirst().message().content()).contains("You said: Hi Cohere");
    JsonNode got = provider.last().body();
    assertThat(got.get("message").asText()).isEqualTo("Hi Cohere");
    assertThat(got.get("chat_history").get(0).get("role").asText()).isEqualTo("USER");
    assertThat(got.get("p").asDouble()).isEqualTo(0.5);
    JsonNode usage = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy").get("usage");
    assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(3 + 2);
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(4);

    provider.holdStreams();
    StringBuilder b = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
             fixture.client("/cohere").chat().completions().createStreaming(chat("command-r", "stream please"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      assertThat(chunks.next().id()).isEqualTo("gen-s"); // stream-start, while the provider waits
      provider.releaseStream();
      chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(b::append)));
    }
    assertThat(b).hasToString("You said: stream please");
  }

  @Test
  void huggingface_chat_and_text_generation() {
    ChatCompletion c = fixture.client("/hf-chat").chat().completions().create(chat("meta-llama/Llama-3.2-1B-Instruct", "Hi HF"));
    assertThat(c.choices().getFirst().message().content()).contains("You said: Hi HF");
    ProviderServer.Received got = provider.last();
    assertThat(got.path()).isEqualTo("/models/meta-llama/Llama-3.2-1B-Instruct/v1/chat/completions");
    assertThat(got.body().get("options").get("wait_for_model").asBoolean()).isTrue();
    assertThat(got.body().get("parameters").get("max_lenght").asInt()).isEqualTo(32); // Kong's spelling

    com.openai.models.completions.Completion t = fixture.client("/hf-completions").completions().create(
        com.openai.models.completions.CompletionCreateParams.builder()
            .model(com.openai.models.completions.CompletionCreateParams.Model.of("gpt2")).prompt("Once upon").build());
    assertThat(t.choices()).isNotEmpty();
    got = provider.last();
    assertThat(got.path()).isEqualTo("/models/gpt2");
    assertThat(got.body().get("inputs").asText()).isEqualTo("Once upon");
    assertThat(got.body().get("parameters").get("max_new_tokens").asInt()).isEqualTo(32);
  }

  @Test
  void bedrock_converse_signed_with_sigv4() {
    HttpResponseFor<ChatCompletion> raw = fixture.client("/bedrock").chat().completions().withRawResponse()
        .create(chat("anthropic.claude-3-haiku", "Hi Bedrock"));
    ChatCompletion c = raw.parse();
    assertThat(c.choices().getFirst().message().content()).contains("You said: Hi Bedrock");
    assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("stop");
    JsonNode got = provider.last().body();
    assertThat(got.get("system").get(0).get("text").asText()).isEqualTo("You are helpful.");
    assertThat(got.get("inferenceConfig").get("maxTokens").asInt()).isEqualTo(100);
    assertThat(provider.last().header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDBEDROCKTEST/")
        .contains("/us-west-2/bedrock/aws4_request");
    JsonNode usage = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy").get("usage");
    assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(3 + 2);
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(4);
  }

  @Test
  void bedrock_converse_stream_event_frames_become_server_sent_events() {
    provider.holdStreams();
    StringBuilder b = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = fixture.client("/bedrock-stream").chat().completions()
        .createStreaming(chat("anthropic.claude-3-haiku", "frames please"))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      assertThat(chunks.next().choices().getFirst().delta().role()).isPresent(); // messageStart, provider waiting
      provider.releaseStream();
      chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(b::append)));
    }
    assertThat(b).hasToString("You said: frames please");
  }

  @Test
  void llama2_raw_prompts_use_the_inst_template() {
    ChatCompletion c = fixture.client("/llama2-raw").chat().completions().create(chat("llama-2-7b", "What is Kong?"));
    String inputs = provider.last().body().get("inputs").asText();
    assertThat(inputs).isEqualTo("<s>[INST] <<SYS>> You are helpful. <</SYS>> What is Kong? [/INST]");
    assertThat(c.choices().getFirst().message().content())
        .contains("The answer is " + inputs.length() + " characters long.");
  }

  @Test
  void llama2_on_ollama_reports_ollamas_counts() {
    HttpResponseFor<ChatCompletion> raw =
        fixture.client("/llama2-ollama").chat().completions().withRawResponse().create(chat("llama2", "Tell me"));
    ChatCompletion c = raw.parse();
    assertThat(c.choices().getFirst().message().content()).contains("You said: Tell me");
    assertThat(provider.last().body().get("options").get("num_predict").asInt()).isEqualTo(64);
    assertThat(provider.last().body().get("stream").asBoolean()).isFalse();
    JsonNode usage = fixture.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).get("ai").get("proxy").get("usage");
    assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(3 + 2);
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(4);
  }
}
