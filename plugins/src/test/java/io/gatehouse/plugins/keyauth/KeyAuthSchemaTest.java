package io.gatehouse.plugins.keyauth;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;
import static io.gatehouse.core.entity.Typedefs.headerName;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** key-auth on the SDK: the derived config and entity schemas are the hand-written ones. */
class KeyAuthSchemaTest {
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new KeyAuthPlugin()).find("key-auth");

  @Test
  void config_schema_is_the_hand_written_one() {
    Field before = Field.record("config",
        Field.array("key_names", Field.element(Field.Type.STRING).check(headerName())).required()
            .defaultValue(List.of("apikey")),
        Field.bool("hide_credentials").required().defaultValue(false),
        Field.string("anonymous"),
        Field.bool("key_in_header").required().defaultValue(true),
        Field.bool("key_in_query").required().defaultValue(true),
        Field.bool("key_in_body").required().defaultValue(false),
        Field.bool("run_on_preflight").required().defaultValue(true),
        Field.string("realm"));
    SchemaAssert.sameConfig(plugin.configSchema(), before, "{}", "{\"key_names\":[\"k\"]}");
    assertThat(plugin.priority()).isEqualTo(1250);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void entity_schema_is_the_hand_written_one() {
    Schema before = Schema.builder("keyauth_credentials")
        .adminApiName("key-auths")
        .nestedName("key-auth")
        .endpointKey("key")
        .ttl()
        .fields(consumerOwned(
            Field.string("key").unique().auto()))
        .build();
    assertThat(plugin.entities()).hasSize(1);
    SchemaAssert.sameEntity(plugin.entities().getFirst(), before, "{}", "{\"key\":\"k\"}");
  }
}
