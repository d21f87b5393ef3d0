package io.gatehouse.plugins.iprestriction;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.IpCidr;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ip-restriction on the SDK: the derived schema and its checks are the hand-written ones. */
class IpRestrictionSchemaTest {

  @Test
  void derived_schema_and_checks_are_the_hand_written_ones() {
    Field before = Field.record("config",
            Field.array("allow", Field.element(Field.Type.STRING).check(v -> IpCidr.error(v.asText()))),
            Field.array("deny", Field.element(Field.Type.STRING).check(v -> IpCidr.error(v.asText()))),
            Field.number("status"),
            Field.string("message"))
        .recordCheck(EntityCheck.custom(List.of("allow", "deny"), (c, errors) -> {
          if (EntityCheck.isEmpty(c.get("allow")) && EntityCheck.isEmpty(c.get("deny"))) {
            errors.rootEntity("at least one of these fields must be non-empty: 'config.allow', 'config.deny'");
          }
        }));
    var plugin = LoadedPlugins.of(new IpRestrictionPlugin()).find("ip-restriction");
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before, "{}", "{\"allow\":[]}", "{\"allow\":[\"10.0.0.0/8\"]}",
        "{\"deny\":[\"::1\"],\"allow\":null}");
    assertThat(SchemaAssert.configErrors(derived, "{\"allow\":[]}"))
        .contains("at least one of these fields must be non-empty: 'config.allow', 'config.deny'");
    Field element = derived.field("allow").elements();
    assertThat(element.checks()).hasSize(1);
    assertThat(element.checks().getFirst().apply(Json.MAPPER.valueToTree("10.0.0.0/33")))
        .isEqualTo(IpCidr.error("10.0.0.0/33")).isNotNull();
    assertThat(element.checks().getFirst().apply(Json.MAPPER.valueToTree("10.0.0.1"))).isNull();
    assertThat(plugin.priority()).isEqualTo(990);
    assertThat(plugin.protocols()).containsExactlyInAnyOrder("http", "https", "tcp", "tls", "grpc", "grpcs");
  }
}
