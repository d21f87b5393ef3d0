package io.gatehouse.plugins.requestsizelimiting;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.Field;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** request-size-limiting on the SDK: the schema derived from its record is the one it hand-wrote before. */
class RequestSizeLimitingSchemaTest {

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        Field.integer("allowed_payload_size").defaultValue(128),
        Field.string("size_unit").required().defaultValue("megabytes").oneOf("megabytes", "kilobytes", "bytes"),
        Field.bool("require_content_length").required().defaultValue(false));
    var plugin = LoadedPlugins.of(new RequestSizeLimitingPlugin()).find("request-size-limiting");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(951);
  }
}
