package io.gatehouse.plugins.aiprompt;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ai-prompt-template (773), ai-prompt-decorator (772) and ai-prompt-guard (771) in front of ai-proxy
 * (770) and alone in front of an echo upstream (Kong 3.9 specs 41-43): each changes or checks the
 * request the next one sees, with Kong's {@code 400 {"error":{"message":…}}} answers.
 */
class AiPromptPluginsIT {
  private static final String KEY = "sk-prompt-plugins-key-1";
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static Path log;

  @BeforeAll
  static void start() throws IOException {
    provider = new ProviderServer(KEY, "unused");
    gw = new PluginGateway();
    log = Files.createTempFile("ai-prompt", ".log");
    String proxy = "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":\"Bearer "
        + KEY + "\"},\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":{\"upstream_url\":\""
        + provider.url("/v1/chat/completions") + "\"}}}";
    String decorator = "{\"prompts\":{\"prepend\":[{\"role\":\"system\",\"content\":\"You are a pirate.\"}],"
        + "\"append\":[{\"role\":\"user\",\"content\":\"Answer in one line.\"}]}}";
    String template = "{\"templates\":[{\"name\":\"greet\",\"template\":\"{\\\"messages\\\":[{\\\"role\\\":\\\"user\\\","
        + "\\\"content\\\":\\\"Say hello to {{name}} from {{city}}\\\"}]}\"}],\"allow_untemplated_requests\":false,"
        + "\"log_original_request\":true}";
    String guard = "{\"deny_patterns\":[\"(?i)password\",\"credit card\"],\"allow_patterns\":[\"hello\",\"pirate\",\"math\"]}";

    JsonNode all = gw.serviceAndRoute("/all");
    gw.plugin("ai-proxy", proxy, ref("route", all));
    gw.plugin("ai-prompt-template", template, ref("route", all));
    gw.plugin("ai-prompt-decorator", decorator, ref("route", all));
    gw.plugin("ai-prompt-guard", guard, ref("route", all));
    gw.plugin("file-log", "{\"path\":\"" + log + "\"}", ref("route", all));

    JsonNode guarded = gw.serviceAndRoute("/guarded");
    gw.plugin("ai-proxy", proxy, ref("route", guarded));
    gw.plugin("ai-prompt-guard", guard, ref("route", guarded));

    JsonNode history = gw.serviceAndRoute("/history");
    gw.plugin("ai-prompt-guard", "{\"deny_patterns\":[\"forbidden\"],\"match_all_roles\":true}", ref("route", history));

    JsonNode latest = gw.serviceAndRoute("/latest");
    gw.plugin("ai-prompt-guard", "{\"deny_patterns\":[\"forbidden\"],\"allow_all_conversation_history\":true}",
        ref("route", latest));

    JsonNode echoDecorated = gw.serviceAndRoute("/echo-decorated");
    gw.plugin("ai-prompt-decorator", decorator, ref("route", echoDecorated));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    provider.close();
  }

  private static HttpResponse<String> post(String path, String json) {
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
  }

  private static String error(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    return Json.parse(r.body()).path("error").path("message").asText();
  }

  @Test
  void template_then_decorator_then_guard_then_proxy() throws IOException {
    HttpResponse<String> r = post("/all/chat/completions",
        "{\"messages\":\"{template://greet}\",\"properties\":{\"name\":\"Ann \\\"the/first\\\"\",\"city\":\"Oslo\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode sent = provider.last().body().get("messages");
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).get("content").asText()).isEqualTo("You are a pirate.");
    assertThat(sent.get(1).get("content").asText()).isEqualTo("Say hello to Ann \"the/first\" from Oslo");
    assertThat(sent.get(2).get("content").asText()).isEqualTo("Answer in one line.");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("original_request"));
    JsonNode entry = Json.parse(Files.readAllLines(log).getLast());
    assertThat(entry.get("ai").get("payload").get("original_request").asText()).contains("{template://greet}");
  }

  @Test
  void template_refusals() {
    assertThat(error(post("/all/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
        .isEqualTo("this LLM route only supports templated requests");
    assertThat(error(post("/all/chat/completions", "{\"messages\":\"{template://nope}\"}")))
        .isEqualTo("could not find template name [nope]");
    assertThat(error(post("/all/chat/completions", "{\"messages\":\"{template://greet}\",\"properties\":{\"name\":\"x\"}}")))
        .isEqualTo("missing template parameters: [city]");
    assertThat(error(post("/all/chat/completions", "{\"messages\":\"{template://greet}\",\"properties\":{\"name\":1}}")))
        .isEqualTo("property values must be a string, got number");
    assertThat(error(post("/all/chat/completions", "{\"messages\":\"x\",\"prompt\":\"y\"}")))
        .isEqualTo("cannot run 'messages' and 'prompt' templates at the same time");
    assertThat(error(post("/all/chat/completions", "not json")))
        .isEqualTo("this LLM route only supports application/json requests");
  }

  @Test
  void guard_with_the_official_client() {
    var client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gw.port() + "/guarded").apiKey("x")
        .maxRetries(0).build();
    ChatCompletion ok = client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
        .addUserMessage("hello there").build());
    assertThat(ok.choices().getFirst().message().content()).contains("You said: hello there");
    BadRequestException denied = catchThrowableOfType(BadRequestException.class, () -> client.chat().completions()
        .create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hello, my PASSWORD is").build()));
    assertThat(denied.body().toString()).contains("bad request").doesNotContain("guard");
    BadRequestException notAllowed = catchThrowableOfType(BadRequestException.class, () -> client.chat().completions()
        .create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("what is the weather").build()));
    assertThat(notAllowed.body().toString()).contains("bad request");
    assertThat(error(post("/guarded/chat/completions", "{\"prompt\":\"credit card numbers\"}"))).isEqualTo("bad request");
  }

  @Test
  void guard_history_rules() {
    String history = "{\"messages\":[{\"role\":\"system\",\"content\":\"forbidden topic\"},"
        + "{\"role\":\"user\",\"content\":\"tell me\"}]}";
    assertThat(error(post("/history", history))).isEqualTo("bad request"); // match_all_roles reads the system turn
    String olderTurn = "{\"messages\":[{\"role\":\"user\",\"content\":\"forbidden\"},{\"role\":\"assistant\","
        + "\"content\":\"no\"},{\"role\":\"user\",\"content\":\"fine now\"}]}";
    assertThat(post("/latest", olderTurn).statusCode()).isEqualTo(200); // only the latest user prompt counts
    assertThat(error(post("/history", olderTurn))).isEqualTo("bad request");
  }

  @Test
  void decorator_alone_changes_the_body_sent_upstream() {
    HttpResponse<String> r = post("/echo-decorated", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    JsonNode echoed = Json.parse(Json.parse(r.body()).get("body").asText());
    assertThat(echoed.get("messages")).hasSize(3);
    assertThat(echoed.get("messages").get(0).get("role").asText()).isEqualTo("system");
    assertThat(error(post("/echo-decorated", "{\"prompt\":\"hi\"}")))
        .isEqualTo("this LLM route only supports llm/chat type requests");
  }

  @Test
  void config_checks() {
    KongException none = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-prompt-decorator", "{}", ""));
    assertThat(none.getMessage()).contains(
        "at least one of these fields must be non-empty: 'config.prompts.prepend', 'config.prompts.append'");
    StringBuilder many = new StringBuilder("{\"prompts\":{\"prepend\":[");
    for (int i = 0; i < 16; i++) many.append(i == 0 ? "" : ",").append("{\"content\":\"c\"}");
    KongException tooMany = catchThrowableOfType(KongException.class,
        () -> gw.plugin("ai-prompt-decorator", many + "]}}", ""));
    assertThat(tooMany.fields().get("config").get("prompts").get("prepend").asText())
        .isEqualTo("length must be at most 15");
    KongException guardNone = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-prompt-guard", "{}", ""));
    assertThat(guardNone.getMessage())
        .contains("at least one of these fields must be non-empty: 'config.allow_patterns', 'config.deny_patterns'");
    KongException both = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-prompt-guard",
        "{\"deny_patterns\":[\"x\"],\"match_all_roles\":true,\"allow_all_conversation_history\":true}", ""));
    assertThat(both.getMessage()).contains("failed conditional validation given value of field 'config.match_all_roles'");
    KongException lookahead = catchThrowableOfType(KongException.class,
        () -> gw.plugin("ai-prompt-guard", "{\"deny_patterns\":[\"a(?=b)\"]}", ""));
    assertThat(lookahead.getMessage()).contains("'a(?=b)' is not a valid regex");
    KongException noTemplates = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-prompt-template", "{}", ""));
    assertThat(noTemplates.fields().get("config").get("templates").asText()).isEqualTo("required field missing");
  }
}
