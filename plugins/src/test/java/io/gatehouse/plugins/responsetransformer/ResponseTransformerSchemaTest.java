package io.gatehouse.plugins.responsetransformer;

import static io.gatehouse.core.entity.Typedefs.headerName;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** response-transformer on the SDK: the schema derived from its Settings record is the one it hand-wrote before. */
class ResponseTransformerSchemaTest {

  /** The former hand-written {@code ops(name, types, namesOnly)}. */
  private static Field ops(String name, boolean types, boolean namesOnly) {
    Field headers = Field.array("headers", namesOnly && name.equals("remove")
        ? Field.element(Field.Type.STRING).check(headerName()) : Field.element(Field.Type.STRING))
        .required().defaultValue(List.of());
    Field json = Field.array("json", Field.element(Field.Type.STRING)).required().defaultValue(List.of());
    if (!types) {
      return Field.record(name, json, headers).required();
    }
    Field jsonTypes = Field.array("json_types", Field.element(Field.Type.STRING).oneOf("boolean", "number", "string"))
        .required().defaultValue(List.of());
    return Field.record(name, json, jsonTypes, headers).required();
  }

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        ops("remove", false, true), ops("rename", false, true), ops("replace", true, false),
        ops("add", true, false), ops("append", true, false));
    var plugin = LoadedPlugins.of(new ResponseTransformerPlugin()).find("response-transformer");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(800);
  }

  @Test
  void only_removed_header_names_are_checked() {
    Field schema = LoadedPlugins.of(new ResponseTransformerPlugin()).find("response-transformer").configSchema();
    var removed = schema.field("remove").field("headers").elements().checks();
    assertThat(removed).hasSize(1);
    assertThat(removed.getFirst().apply(Json.MAPPER.valueToTree("bad header")))
        .isEqualTo(headerName().apply(Json.MAPPER.valueToTree("bad header")));
    assertThat(schema.field("rename").field("headers").elements().checks()).isEmpty();
  }
}
