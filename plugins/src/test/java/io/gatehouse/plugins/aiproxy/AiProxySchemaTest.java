package io.gatehouse.plugins.aiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** ai-proxy's config validation, as Kong 3.9's {@code spec/03-plugins/38-ai-proxy/00-config_spec.lua} pins it. */
class AiProxySchemaTest {
  private static final PluginGateway gw = new PluginGateway();

  @AfterAll
  static void close() {
    gw.close();
  }

  private static JsonNode errors(String config) {
    KongException e = catchThrowableOfType(KongException.class, () -> gw.plugin("ai-proxy", config, ""));
    assertThat(e).as(config).isNotNull();
    return e.fields();
  }

  /** {@code GET /schemas/plugins/ai-proxy}'s config, as the Admin API renders it. */
  private static JsonNode rendered() {
    var catalog = io.gatehouse.proxy.plugins.LoadedPlugins.of(new AiProxyPlugin())
        .fill(new io.gatehouse.core.schema.PluginCatalog());
    return catalog.find("ai-proxy").orElseThrow().config().describe();
  }

  @Test
  void the_schema_renders_kongs_field_properties() {
    JsonNode config = rendered();
    List<String> names = new java.util.ArrayList<>();
    config.get("fields").forEach(f -> names.add(f.fieldNames().next()));
    assertThat(names).containsExactly("route_type", "auth", "model", "logging", "response_streaming",
        "max_request_body_size", "model_name_header", "llm_format");
    assertThat(field(config, "max_request_body_size").get("gt").asInt()).isZero();
    assertThat(field(config, "max_request_body_size").get("default").asInt()).isEqualTo(8192);
    assertThat(field(field(config, "auth"), "header_value").get("referenceable").asBoolean()).isTrue();
    JsonNode options = field(field(config, "model"), "options");
    assertThat(field(options, "temperature").get("between").toString()).isEqualTo("[0,5]");
    assertThat(field(options, "input_cost").get("gt").asInt()).isZero();
    assertThat(field(config, "route_type").get("one_of").toString())
        .isEqualTo("[\"llm/v1/chat\",\"llm/v1/completions\",\"preserve\"]");
  }

  private static JsonNode field(JsonNode record, String name) {
    for (JsonNode f : record.get("fields")) {
      if (f.has(name)) return f.get(name);
    }
    throw new AssertionError("no field " + name + " in " + record);
  }

  @Test
  void defaults_are_kongs() {
    JsonNode c = gw.plugin("ai-proxy",
        "{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\"}}", "").get("config");
    assertThat(c.get("response_streaming").asText()).isEqualTo("allow");
    assertThat(c.get("max_request_body_size").asInt()).isEqualTo(8192);
    assertThat(c.get("model_name_header").asBoolean()).isTrue();
    assertThat(c.get("llm_format").asText()).isEqualTo("openai");
    assertThat(c.get("logging").get("log_statistics").asBoolean()).isFalse();
    assertThat(c.get("logging").get("log_payloads").asBoolean()).isFalse();
    // records are filled with their defaults, as Kong fills them
    assertThat(c.get("auth").get("allow_override").asBoolean()).isFalse();
    assertThat(c.get("auth").get("header_value").isNull()).isTrue();
    assertThat(c.get("model").get("options").get("azure_api_version").asText()).isEqualTo("2023-05-15");
  }

  @Test
  void provider_specific_options_are_required() {
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"llama2\",\"name\":\"l\","
        + "\"options\":{\"llama2_format\":\"raw\"}}}").get("config").get("@entity").get(0).asText())
        .isEqualTo("must set 'model.options.upstream_url' for self-hosted providers/models");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"anthropic\",\"name\":\"claude\"}}")
        .get("config").get("@entity").get(0).asText())
        .isEqualTo("must set 'model.options.anthropic_version' for anthropic provider");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"azure\",\"name\":\"gpt\"}}")
        .get("config").get("@entity").get(0).asText())
        .isEqualTo("must set 'model.options.azure_instance' for azure provider");
    assertThat(errors("{\"route_type\":\"llm/v1/completions\",\"logging\":{\"log_statistics\":true},"
        + "\"model\":{\"provider\":\"anthropic\",\"name\":\"claude\",\"options\":{\"anthropic_version\":\"2023-06-01\"}}}")
        .get("config").get("@entity").toString())
        .contains("anthropic does not support statistics when route_type is llm/v1/completions");
  }

  @Test
  void auth_fields_come_in_sets() {
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"auth\":{\"header_name\":\"Authorization\"},"
        + "\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\"}}").get("config").get("@entity").get(0).asText())
        .isEqualTo("all or none of these fields must be set: 'auth.header_name', 'auth.header_value'");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"auth\":{\"param_name\":\"key\",\"param_value\":\"v\"},"
        + "\"model\":{\"provider\":\"openai\",\"name\":\"gpt-4o\"}}").get("config").get("@entity").get(0).asText())
        .isEqualTo("all or none of these fields must be set: 'auth.param_name', 'auth.param_value', 'auth.param_location'");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"auth\":{\"param_name\":\"key\",\"param_value\":\"v\","
        + "\"param_location\":\"query\",\"allow_override\":true},\"model\":{\"provider\":\"gemini\",\"name\":\"g\"}}")
        .get("config").get("@entity").get(0).asText())
        .isEqualTo("bedrock and gemini only support auth.allow_override = false");
  }

  @Test
  void field_checks() {
    assertThat(errors("{\"route_type\":\"llm/v1/embeddings\",\"model\":{\"provider\":\"openai\"}}")
        .get("config").get("route_type").asText()).isEqualTo("expected one of: llm/v1/chat, llm/v1/completions, preserve");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"watsonx\"}}")
        .get("config").get("model").get("provider").asText()).startsWith("expected one of: openai, azure, anthropic");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"openai\",\"options\":{\"temperature\":6}}}")
        .get("config").get("model").get("options").get("temperature").asText()).isEqualTo("value should be between 0 and 5");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"openai\",\"options\":{\"input_cost\":0}}}")
        .get("config").get("model").get("options").get("input_cost").asText()).isEqualTo("value must be greater than 0");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"openai\"},\"max_request_body_size\":0}")
        .get("config").get("max_request_body_size").asText()).isEqualTo("value must be greater than 0");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"openai\",\"options\":"
        + "{\"upstream_url\":\"not a url\"}}}").get("config").get("model").get("options").get("upstream_url").asText())
        .isNotEmpty();
    assertThat(errors("{\"route_type\":\"llm/v1/chat\"}").get("config").get("model").get("provider").asText())
        .isEqualTo("required field missing");
  }

  @Test
  void native_formats_need_chat_and_their_provider() {
    assertThat(errors("{\"route_type\":\"llm/v1/completions\",\"llm_format\":\"gemini\",\"model\":{\"provider\":\"gemini\","
        + "\"name\":\"g\"}}").get("@entity").get(0).asText())
        .isEqualTo("native provider options in llm_format can only be used with the 'llm/v1/chat' route_type");
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"llm_format\":\"bedrock\",\"model\":{\"provider\":\"openai\","
        + "\"name\":\"g\"}}").get("@entity").get(0).asText())
        .isEqualTo("native llm_format 'bedrock' can only be used with the 'bedrock' model.provider");
  }

  @Test
  void gemini_vertex_options_come_together() {
    assertThat(errors("{\"route_type\":\"llm/v1/chat\",\"model\":{\"provider\":\"gemini\",\"name\":\"g\",\"options\":"
        + "{\"gemini\":{\"project_id\":\"p\"}}}}").toString())
        .contains("all or none of these fields must be set: 'api_endpoint', 'project_id', 'location_id'");
  }
}
