package io.gatehouse.plugins.acl;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** acl on the SDK: the derived config and entity schemas and their checks are the hand-written ones. */
class AclSchemaTest {
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new AclPlugin()).find("acl");

  @Test
  void config_schema_and_checks_are_the_hand_written_ones() {
    Field before = Field.record("config",
            Field.array("allow", Field.element(Field.Type.STRING)),
            Field.array("deny", Field.element(Field.Type.STRING)),
            Field.bool("hide_groups_header").required().defaultValue(false),
            Field.bool("always_use_authenticated_groups").required().defaultValue(false))
        .recordCheck(EntityCheck.atLeastOneOf("allow", "deny"))
        .recordCheck(EntityCheck.custom(List.of("allow", "deny"), (c, errors) -> {
          if (!EntityCheck.isEmpty(c.get("allow")) && !EntityCheck.isEmpty(c.get("deny"))) {
            errors.entity("only one of these fields must be non-empty: 'allow', 'deny'");
          }
        }));
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before, "{}", "{\"allow\":[]}", "{\"allow\":[\"a\"]}",
        "{\"allow\":[\"a\"],\"deny\":[\"b\"]}", "{\"allow\":[],\"deny\":[\"b\"]}");
    assertThat(SchemaAssert.configErrors(derived, "{\"allow\":[\"a\"],\"deny\":[\"b\"]}"))
        .contains("only one of these fields must be non-empty: 'allow', 'deny'");
    assertThat(SchemaAssert.configErrors(derived, "{}"))
        .contains("at least one of these fields must be non-empty: 'allow', 'deny'");
    assertThat(plugin.priority()).isEqualTo(950);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void entity_schema_is_the_hand_written_one() {
    Schema before = Schema.builder("acls")
        .endpointKey("group")
        .uniqueTogether("consumer", "group")
        .fields(consumerOwned(
            Field.string("group").required()))
        .build();
    assertThat(plugin.entities()).hasSize(1);
    SchemaAssert.sameEntity(plugin.entities().getFirst(), before, "{\"group\":\"g\"}");
  }
}
