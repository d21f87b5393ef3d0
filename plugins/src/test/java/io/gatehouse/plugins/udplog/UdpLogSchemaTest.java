package io.gatehouse.plugins.udplog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** udp-log on the SDK: the schema derived from its record is the one it hand-wrote before. */
class UdpLogSchemaTest {

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        Typedefs.host("host").required(),
        Typedefs.port("port").required(),
        Field.number("timeout").defaultValue(10000),
        LogFields.customFieldsByLua());
    var plugin = LoadedPlugins.of(new UdpLogPlugin()).find("udp-log");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(8);
    assertThat(plugin.configSchema().field("host").checks()).hasSize(1);
  }
}
