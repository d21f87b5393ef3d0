package io.gatehouse.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** file-log on the SDK: the schema derived from its record is the one it hand-wrote before. */
class FileLogSchemaTest {

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        Field.string("path").required()
            .check(v -> FileLogPlugin.validFilename(v.asText()) ? null : "not a valid filename"),
        Field.bool("reopen").required().defaultValue(false),
        LogFields.customFieldsByLua());
    var plugin = LoadedPlugins.of(new FileLogPlugin()).find("file-log");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(9);
    assertThat(plugin.forbiddenScopes()).isEmpty();
  }

  @Test
  void path_is_checked_as_a_filename() {
    var path = LoadedPlugins.of(new FileLogPlugin()).find("file-log").configSchema().field("path");
    assertThat(path.checks()).hasSize(1);
    assertThat(path.checks().getFirst().apply(Json.MAPPER.valueToTree("/tmp/x.log"))).isNull();
    assertThat(path.checks().getFirst().apply(Json.MAPPER.valueToTree("/tmp/*.log"))).isEqualTo("not a valid filename");
    assertThat(path.checks().getFirst().apply(Json.MAPPER.valueToTree(" /tmp/x.log"))).isEqualTo("not a valid filename");
  }
}
