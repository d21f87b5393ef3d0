package io.gatehouse.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.redis.RedisSettings;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** proxy-cache on the SDK: the derived config schema and its strategy check are the hand-written ones. */
class ProxyCacheSchemaTest {
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new ProxyCachePlugin()).find("proxy-cache");

  @Test
  void config_schema_and_check_are_the_hand_written_ones() {
    Field before = Field.record("config",
        Field.array("response_code", Field.element(Field.Type.INTEGER).between(100, 900)).required()
            .defaultValue(List.of(200, 301, 404)).lenMin(1),
        Field.array("request_method", Field.element(Field.Type.STRING).oneOf("HEAD", "GET", "POST", "PATCH", "PUT"))
            .required().defaultValue(List.of("GET", "HEAD")),
        Field.array("content_type", Field.element(Field.Type.STRING)).required()
            .defaultValue(List.of("text/plain", "application/json")),
        Field.integer("cache_ttl").defaultValue(300).between(1, Integer.MAX_VALUE),
        Field.string("strategy").required().oneOf("memory", "redis")
            .description("Gatehouse adds redis: one cache shared by every node"),
        Field.bool("cache_control").required().defaultValue(false),
        Field.bool("ignore_uri_case").defaultValue(false),
        Field.integer("storage_ttl"),
        Field.record("memory",
            Field.string("dictionary_name").required().defaultValue("kong_db_cache"),
            Field.integer("dictionary_size").defaultValue(ProxyCachePlugin.DEFAULT_DICTIONARY_BYTES)
                .between(1024, Long.MAX_VALUE)
                .description("Gatehouse: the byte bound of this dictionary")).required(),
        Field.array("vary_query_params", Field.element(Field.Type.STRING)),
        Field.array("vary_headers", Field.element(Field.Type.STRING)),
        Field.record("response_headers",
            Field.bool("age").required().defaultValue(true),
            Field.bool("X-Cache-Status").required().defaultValue(true),
            Field.bool("X-Cache-Key").required().defaultValue(true)),
        RedisSettings.schema())
        .recordCheck(EntityCheck.custom(List.of("strategy", "redis"), (c, errors) -> {
          if ("redis".equals(c.path("strategy").asText()) && !c.path("redis").path("host").isTextual()) {
            errors.entity("failed conditional validation given value of field 'strategy'");
            errors.field("redis", "host: required field missing");
          }
        }));
    Field derived = plugin.configSchema();
    // the same JSON (GET /schemas/plugins/proxy-cache): the old schema held dictionary_size's default
    // as a long node, the derived one as an int node, which ObjectNode.equals tells apart
    assertThat(derived.describe().toString()).isEqualTo(before.describe().toString());
    for (String c : new String[] {"{\"strategy\":\"memory\"}", "{\"strategy\":\"redis\"}",
        "{\"strategy\":\"redis\",\"redis\":{\"port\":1}}", "{\"strategy\":\"redis\",\"redis\":{\"host\":\"h\"}}"}) {
      assertThat(SchemaAssert.configErrors(derived, c)).as(c).isEqualTo(SchemaAssert.configErrors(before, c));
    }
    assertThat(SchemaAssert.configErrors(derived, "{\"strategy\":\"redis\",\"redis\":{}}"))
        .contains("failed conditional validation given value of field 'strategy'")
        .contains("host: required field missing");
    assertThat(plugin.priority()).isEqualTo(100);
    assertThat(plugin.protocols()).isEqualTo(io.gatehouse.sdk.Protocols.ALL.names());
    assertThat(plugin.adminEndpoints()).hasSize(5);
  }
}
