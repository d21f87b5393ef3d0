package io.gatehouse.plugins.correlationid;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.Field;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** correlation-id on the SDK: the schema derived from its record is the one it hand-wrote before. */
class CorrelationIdSchemaTest {

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        Field.string("header_name").defaultValue("Kong-Request-ID"),
        Field.string("generator").required().defaultValue("uuid#counter").oneOf("uuid", "uuid#counter", "tracker"),
        Field.bool("echo_downstream").required().defaultValue(false));
    var plugin = LoadedPlugins.of(new CorrelationIdPlugin()).find("correlation-id");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(100001);
    assertThat(plugin.forbiddenScopes()).isEmpty();
    assertThat(plugin.protocols()).containsExactlyInAnyOrder("grpc", "grpcs", "http", "https");
  }
}
