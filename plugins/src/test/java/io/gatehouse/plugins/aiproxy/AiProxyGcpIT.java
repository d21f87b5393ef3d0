package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.plugins.llm.testing.AiGateway;
import io.gatehouse.plugins.llm.testing.GcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ai-proxy to Vertex AI with a GCP service account ({@code auth.gcp_use_service_account}): the
 * gateway trades a JWT signed with the account's key for an access token at the account's
 * {@code token_uri} (a local token endpoint that verifies the signature), keeps it, and calls the
 * Vertex URL built from {@code options.gemini} with {@code Authorization: Bearer}. Client: the
 * official OpenAI Java client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AiProxyGcpIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERTEX_PATH = "/v1/projects/proj-1/locations/us-central1/publishers/google/models/gemini-1.5-pro:";
  private static GcpServer gcp;
  private static GcpServer stranger;
  private static AiGateway ai;

  @BeforeAll
  static void start() {
    gcp = new GcpServer();
    stranger = new GcpServer(); // another account's key: the token endpoint refuses its assertions
    ai = new AiGateway("unused-key", "unused");
    ai.route("/vertex", config(gcp.serviceAccountJson(), gcp.apiEndpoint()));
    String forged = stranger.serviceAccountJson().replace(stranger.tokenUri(), gcp.tokenUri());
    ai.route("/forged", config(forged, gcp.apiEndpoint()));
    ai.route("/no-account", config(null, gcp.apiEndpoint()));
    ai.apply();
  }

  /** ai-proxy for gemini-1.5-pro on Vertex with the service account (null: none configured). */
  private static String config(String serviceAccountJson, String apiEndpoint) {
    ObjectNode c = JSON.createObjectNode().put("route_type", "llm/v1/chat");
    ObjectNode auth = c.putObject("auth").put("gcp_use_service_account", true);
    if (serviceAccountJson != null) auth.put("gcp_service_account_json", serviceAccountJson);
    ObjectNode model = c.putObject("model").put("provider", "gemini").put("name", "gemini-1.5-pro");
    model.putObject("options").putObject("gemini").put("api_endpoint", apiEndpoint).put("project_id", "proj-1")
        .put("location_id", "us-central1");
    c.putObject("logging").put("log_statistics", true);
    return c.toString();
  }

  @AfterAll
  static void stop() {
    ai.close();
    gcp.close();
    stranger.close();
  }

  private static ChatCompletionCreateParams chat(String question) {
    return ChatCompletionCreateParams.builder().model("gemini-1.5-pro").addUserMessage(question).build();
  }

  @Test
  @Order(1)
  void vertex_gets_a_bearer_token_from_the_service_account_and_the_token_is_kept() {
    var raw = ai.client("/vertex").chat().completions().withRawResponse().create(chat("hello vertex"));
    ChatCompletion c = raw.parse();
    assertThat(c.choices().getFirst().message().content()).hasValue("You said: hello vertex");
    assertThat(gcp.refusals()).isEmpty();
    assertThat(gcp.tokensIssued()).isEqualTo(1);
    assertThat(gcp.vertexPaths()).containsExactly(VERTEX_PATH + "generateContent");
    JsonNode usage = ai.logEntry(raw.headers().values("X-Kong-Request-Id").getFirst()).at("/ai/proxy/usage");
    assertThat(usage.get("completion_tokens").asLong()).isEqualTo(4);

    assertThat(ai.client("/vertex").chat().completions().create(chat("again")).choices().getFirst().message().content())
        .hasValue("You said: again");
    assertThat(gcp.tokensIssued()).isEqualTo(1); // cached until shortly before it expires
  }

  @Test
  @Order(2)
  void a_streamed_chat_goes_to_stream_generate_content_with_the_token() {
    StringBuilder b = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = ai.client("/vertex").chat().completions().createStreaming(chat("one two"))) {
      stream.stream().forEach(ch -> ch.choices().forEach(x -> x.delta().content().ifPresent(b::append)));
    }
    assertThat(b).hasToString("You said: one two");
    assertThat(gcp.vertexPaths()).last().isEqualTo(VERTEX_PATH + "streamGenerateContent");
    assertThat(gcp.refusals()).isEmpty();
  }

  @Test
  @Order(3)
  void a_refused_or_missing_service_account_answers_500_before_proxying() {
    int calls = gcp.vertexPaths().size();
    var forged = org.assertj.core.api.Assertions.catchThrowableOfType(InternalServerException.class,
        () -> ai.client("/forged").chat().completions().create(chat("hi")));
    assertThat(forged.statusCode()).isEqualTo(500);
    assertThat(forged.body().toString()).contains("LLM request failed before proxying");
    assertThat(gcp.refusals()).contains("bad signature");
    var none = org.assertj.core.api.Assertions.catchThrowableOfType(InternalServerException.class,
        () -> ai.client("/no-account").chat().completions().create(chat("hi")));
    assertThat(none.statusCode()).isEqualTo(500);
    assertThat(gcp.vertexPaths()).hasSize(calls); // nothing reached Vertex
  }
}
