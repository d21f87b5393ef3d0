package io.gatehouse.plugins.aiprompt;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.aiprompttemplate.AiPromptTemplatePlugin;
import io.gatehouse.plugins.aiproxy.AiProxyPlugin;
import io.gatehouse.plugins.functions.PostFunctionPlugin;
import io.gatehouse.plugins.functions.PreFunctionPlugin;
import io.gatehouse.plugins.llm.testing.ProviderServer;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.SharedCounters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "prompt as a REST API" recipe of docs/ai.md: {@code POST /sentiment {"text": "…"}} from a plain
 * HTTP client becomes a chat call through a prompt template and comes back as {@code {"sentiment":
 * "…"}}. Only Kong's plugins: pre-function shapes the body into a template call, ai-prompt-template
 * renders it, ai-proxy calls the model (a loopback OpenAI-wire server), post-function unwraps the
 * answer.
 */
class PromptRestApiIT {
  private static final String KEY = "sk-prompt-api-12";
  private static final String TEMPLATE = "{\"messages\":[{\"role\":\"system\",\"content\":\"Classify the sentiment of the "
      + "user's text as positive, negative or neutral. Answer with that one word.\"},{\"role\":\"user\",\"content\":"
      + "\"{{text}}\"}]}";
  private static final String SHAPE_REQUEST = """
      local body = kong.request.get_body() or {}
      kong.service.request.set_body({ messages = "{template://sentiment}", properties = { text = body.text } })
      """;
  private static final String UNWRAP_ANSWER = """
      local raw = kong.response.get_raw_body()
      if raw and kong.response.get_status() == 200 then
        local cjson = require("cjson")
        local answer = cjson.decode(raw)
        kong.response.set_raw_body(cjson.encode({ sentiment = answer.choices[1].message.content }))
      end
      """;
  private static ProviderServer provider;
  private static PluginGateway gw;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    provider = new ProviderServer(KEY, "unused");
    NodeServices node = new NodeServices() {
      @Override
      public Optional<SharedCounters> sharedCounters() {
        return Optional.empty();
      }

      @Override
      public Optional<String> setting(String name) {
        // kong.conf: the sandboxed snippets may require cjson
        return "untrusted_lua_sandbox_requires".equals(name) ? Optional.of("cjson") : Optional.empty();
      }
    };
    PreFunctionPlugin pre = new PreFunctionPlugin();
    PostFunctionPlugin post = new PostFunctionPlugin();
    pre.start(node);
    post.start(node);
    gw = new PluginGateway(LoadedPlugins.of(pre, post, new AiPromptTemplatePlugin(), new AiProxyPlugin()));
    JsonNode route = gw.serviceAndRoute("/sentiment");
    ObjectNode template = Json.MAPPER.createObjectNode().put("allow_untemplated_requests", false);
    template.putArray("templates").addObject().put("name", "sentiment").put("template", TEMPLATE);
    gw.plugin("ai-prompt-template", template.toString(), ref("route", route));
    gw.plugin("ai-proxy", "{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\",\"header_value\":"
        + "\"Bearer " + KEY + "\"},\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\",\"options\":{\"temperature\":0,"
        + "\"upstream_url\":\"" + provider.url("/v1/chat/completions") + "\"}}}", ref("route", route));
    ObjectNode shape = Json.MAPPER.createObjectNode();
    shape.putArray("access").add(SHAPE_REQUEST);
    gw.plugin("pre-function", shape.toString(), ref("route", route));
    ObjectNode unwrap = Json.MAPPER.createObjectNode();
    unwrap.putArray("body_filter").add(UNWRAP_ANSWER);
    gw.plugin("post-function", unwrap.toString(), ref("route", route));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    provider.close();
  }

  private static HttpResponse<String> post(String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/sentiment"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_plain_json_request_becomes_a_templated_chat_and_a_plain_json_answer() throws Exception {
    HttpResponse<String> r = post("{\"text\":\"I love this gateway\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode answer = Json.parse(r.body());
    assertThat(answer.get("sentiment").asText()).isEqualTo("You said: I love this gateway"); // the test model echoes
    assertThat(answer.size()).isEqualTo(1);
    JsonNode asked = provider.last().body();
    assertThat(asked.get("model").asText()).isEqualTo("gpt-4o");
    assertThat(asked.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(asked.at("/messages/0/content").asText()).startsWith("Classify the sentiment");
    assertThat(asked.at("/messages/1/content").asText()).isEqualTo("I love this gateway");
    assertThat(asked.get("temperature").asDouble()).isEqualTo(0.0);
    assertThat(provider.last().header("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void a_request_without_the_field_gets_the_templates_400() throws Exception {
    int before = provider.received().size();
    HttpResponse<String> r = post("{\"comment\":\"no text here\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).at("/error/message").asText()).isEqualTo("missing template parameters: [text]");
    assertThat(provider.received()).hasSize(before);
  }
}
