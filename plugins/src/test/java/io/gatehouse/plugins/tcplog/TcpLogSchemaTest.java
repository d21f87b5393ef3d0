package io.gatehouse.plugins.tcplog;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.logqueue.LogFields;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** tcp-log on the SDK: the schema derived from its record is the one it hand-wrote before. */
class TcpLogSchemaTest {

  @Test
  void derived_schema_renders_as_the_hand_written_one() {
    Field before = Field.record("config",
        Typedefs.host("host").required(),
        Typedefs.port("port").required(),
        Field.number("timeout").defaultValue(10000),
        Field.number("keepalive").defaultValue(60000),
        Field.bool("tls").required().defaultValue(false),
        Typedefs.host("tls_sni"),
        LogFields.customFieldsByLua());
    var plugin = LoadedPlugins.of(new TcpLogPlugin()).find("tcp-log");
    assertThat(plugin.configSchema().describe()).isEqualTo(before.describe());
    assertThat(plugin.priority()).isEqualTo(7);
  }

  @Test
  void hosts_are_checked_like_kong_typedefs_host() {
    Field schema = LoadedPlugins.of(new TcpLogPlugin()).find("tcp-log").configSchema();
    Field expected = Typedefs.host("host");
    for (String name : new String[] {"host", "tls_sni"}) {
      var checks = schema.field(name).checks();
      assertThat(checks).hasSize(1);
      for (String value : new String[] {"example.com", "10.0.0.1", "bad host", "h:80", "[::1]"}) {
        var v = Json.MAPPER.valueToTree(value);
        assertThat(checks.getFirst().apply(v)).as(name + " " + value).isEqualTo(expected.checks().getFirst().apply(v));
      }
    }
  }
}
