package io.gatehouse.plugins.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cors on the SDK: the schema derived from its Settings record is the one it hand-wrote before. */
class CorsSchemaTest {
  private static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        Field.array("origins", Field.element(Field.Type.STRING)),
        Field.array("headers", Field.element(Field.Type.STRING)),
        Field.array("exposed_headers", Field.element(Field.Type.STRING)),
        Field.array("methods", Field.element(Field.Type.STRING).oneOf(METHODS.toArray())).defaultValue(METHODS),
        Field.number("max_age"),
        Field.bool("credentials").required().defaultValue(false),
        Field.bool("private_network").required().defaultValue(false),
        Field.bool("preflight_continue").required().defaultValue(false));
    var plugin = LoadedPlugins.of(new CorsPlugin()).find("cors");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(2000);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void origins_are_checked_as_regexes() {
    var origins = LoadedPlugins.of(new CorsPlugin()).find("cors").configSchema().field("origins").elements();
    assertThat(origins.checks()).hasSize(1);
    assertThat(origins.checks().getFirst().apply(Json.MAPPER.valueToTree("*"))).isNull();
    assertThat(origins.checks().getFirst().apply(Json.MAPPER.valueToTree("(a"))).isEqualTo("'(a' is not a valid regex");
  }
}
