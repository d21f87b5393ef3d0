package io.gatehouse.plugins.basicauth;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import org.junit.jupiter.api.Test;

/** basic-auth on the SDK: the derived config and entity schemas are the hand-written ones. */
class BasicAuthSchemaTest {
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new BasicAuthPlugin()).find("basic-auth");

  @Test
  void config_schema_is_the_hand_written_one() {
    Field before = Field.record("config",
        Field.string("anonymous"),
        Field.bool("hide_credentials").required().defaultValue(false),
        Field.string("realm").required().defaultValue("service"));
    SchemaAssert.sameConfig(plugin.configSchema(), before, "{}");
    assertThat(plugin.priority()).isEqualTo(1100);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void entity_schema_is_the_hand_written_one_and_hashes_passwords_on_write() {
    Schema before = Schema.builder("basicauth_credentials")
        .adminApiName("basic-auths")
        .nestedName("basic-auth")
        .endpointKey("username")
        .fields(consumerOwned(
            Field.string("username").required().unique(),
            Field.string("password").required()))
        .build();
    assertThat(plugin.entities()).hasSize(1);
    Schema derived = plugin.entities().getFirst();
    SchemaAssert.sameEntity(derived, before, "{\"username\":\"u\",\"password\":\"p\"}");
    assertThat(derived.transformations()).isEmpty();
    assertThat(derived.skippableTransformations()).hasSize(1);
    ObjectNode written = derived.skippableTransformations().getFirst()
        .apply((ObjectNode) Json.parse("{\"username\":\"u\",\"password\":\"secret\"}"));
    String hash = written.get("password").asText();
    assertThat(PasswordHashes.isBcrypt(hash)).isTrue();
    assertThat(PasswordHashes.checkBcrypt(hash, "secret")).isTrue();
    ObjectNode again = derived.skippableTransformations().getFirst()
        .apply((ObjectNode) Json.parse("{\"password\":\"" + hash + "\"}"));
    assertThat(again.get("password").asText()).as("a stored hash is left alone").isEqualTo(hash);
  }
}
