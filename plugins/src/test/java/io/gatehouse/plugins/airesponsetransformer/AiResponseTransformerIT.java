package io.gatehouse.plugins.airesponsetransformer;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
 * ai-response-transformer (Kong 3.9 {@code 40-ai-response-transformer}): the gateway calls the echo
 * upstream itself, gives its answer to a model on a loopback OpenAI-wire server and answers the
 * client with the model's text under the upstream's status and headers, or with the status,
 * headers and body the model wrote as JSON instructions.
 */
class AiResponseTransformerIT {
  private static final String KEY = "sk-response-transformer-5";
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static Path log;

  private static String config(String key, String model, String extra) {
    return "{\"prompt\":\"Summarise the upstream answer.\",\"llm\":{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":"
        + "\"Authorization\",\"header_value\":\"Bearer " + key + "\"},\"logging\":{\"log_statistics\":true},\"model\":"
        + "{\"provider\":\"openai\",\"name\":\"" + model + "\",\"options\":{\"upstream_url\":\""
        + provider.url("/v1/chat/completions") + "\"}}}" + extra + "}";
  }

  @BeforeAll
  static void start() throws IOException {
    provider = new ProviderServer(KEY, "unused");
    gw = new PluginGateway();
    log = Files.createTempFile("ai-response-transformer", ".log");
    JsonNode plain = gw.serviceAndRoute("/rt-plain");
    gw.plugin("ai-response-transformer", config(KEY, "gpt-4o", ""), ref("route", plain));
    gw.plugin("file-log", "{\"path\":\"" + log + "\"}", ref("route", plain));
    gw.plugin("ai-response-transformer", config(KEY, "json-instructions", ",\"parse_llm_response_json_instructions\":true"),
        ref("route", gw.serviceAndRoute("/rt-json")));
    gw.plugin("ai-response-transformer", config(KEY, "gpt-4o", ",\"parse_llm_response_json_instructions\":true"),
        ref("route", gw.serviceAndRoute("/rt-not-json")));
    gw.plugin("ai-response-transformer", config(KEY, "gpt-4o", ",\"transformation_extract_pattern\":\".method.:.\\\\w+\""),
        ref("route", gw.serviceAndRoute("/rt-extract")));
    gw.plugin("ai-response-transformer", config("sk-wrong-key-99", "gpt-4o", ""), ref("route", gw.serviceAndRoute("/rt-bad-key")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    provider.close();
  }

  @Test
  void the_upstreams_answer_goes_to_the_model_and_its_text_goes_to_the_client() throws IOException {
    HttpResponse<String> r = gw.send("POST", "/rt-plain/orders?echo_header=X-Origin:kept&page=2",
        HttpRequest.BodyPublishers.ofString("ship it"), "Content-Type", "text/plain", "X-Client", "c1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("You said: {");
    assertThat(r.headers().firstValue("X-Origin")).hasValue("kept"); // the upstream's headers stay
    assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(r.body().getBytes("UTF-8").length));
    // what the model was asked: the prompt as system message, the upstream's whole answer as user message
    JsonNode asked = provider.last().body();
    assertThat(asked.at("/messages/0/content").asText()).isEqualTo("Summarise the upstream answer.");
    JsonNode upstreamSaw = Json.parse(asked.at("/messages/1/content").asText());
    assertThat(upstreamSaw.get("method").asText()).isEqualTo("POST");
    assertThat(upstreamSaw.get("uri").asText()).isEqualTo("/orders?echo_header=X-Origin:kept&page=2");
    assertThat(upstreamSaw.get("body").asText()).isEqualTo("ship it");
    assertThat(upstreamSaw.at("/headers/x-client").asText()).isEqualTo("c1");
    assertThat(r.body()).isEqualTo("You said: " + asked.at("/messages/1/content").asText());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("ai-response-transformer"));
    JsonNode ai = Json.parse(Files.readAllLines(log).getLast()).get("ai").get("ai-response-transformer");
    assertThat(ai.at("/meta/provider_name").asText()).isEqualTo("openai");
    assertThat(ai.at("/usage/total_tokens").asInt()).isGreaterThan(0);
    assertThat(Files.readString(log)).doesNotContain(KEY);
  }

  @Test
  void json_instructions_set_status_headers_and_body() {
    HttpResponse<String> r = gw.send("GET", "/rt-json/item?echo_header=X-Origin:kept");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("X-Rewritten")).hasValue("by-model");
    assertThat(r.headers().firstValue("X-Origin")).hasValue("kept");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = Json.parse(r.body());
    assertThat(Json.parse(body.get("said").asText()).get("uri").asText()).isEqualTo("/item?echo_header=X-Origin:kept");
  }

  @Test
  void an_answer_that_is_not_json_instructions_is_a_500() {
    HttpResponse<String> r = gw.get("/rt-not-json/x");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(Json.parse(r.body()).at("/error/message").asText())
        .startsWith("failed to parse JSON response instructions from AI backend: ");
  }

  @Test
  void the_extract_pattern_keeps_its_first_match_and_upstream_status_stays() {
    HttpResponse<String> r = gw.send("PUT", "/rt-extract/status/404", HttpRequest.BodyPublishers.ofString("x"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("\"method\":\"PUT");
  }

  @Test
  void a_failing_model_call_answers_400_without_the_key() {
    HttpResponse<String> r = gw.get("/rt-bad-key/x");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).at("/error/message").asText())
        .isEqualTo("failed to introspect request with AI service: status code 401");
    assertThat(r.body()).doesNotContain("sk-wrong-key-99");
  }

  @Test
  void transformers_need_chat_and_both_proxy_fields() {
    KongException e = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-response-transformer",
        config(KEY, "gpt-4o", "").replace("llm/v1/chat", "llm/v1/completions"), ""));
    assertThat(e.getMessage()).contains("'config.llm.route_type' must be 'llm/v1/chat' for AI transformer plugins");
    KongException proxy = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-response-transformer",
        config(KEY, "gpt-4o", ",\"https_proxy_host\":\"proxy.local\""), ""));
    assertThat(proxy.getMessage()).contains("all or none of these fields must be set: 'config.https_proxy_host', "
        + "'config.https_proxy_port'");
  }
}
