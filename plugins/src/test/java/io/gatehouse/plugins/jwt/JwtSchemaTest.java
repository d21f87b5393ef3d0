package io.gatehouse.plugins.jwt;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugins.testing.SchemaAssert;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import java.util.List;
import org.junit.jupiter.api.Test;

/** jwt on the SDK: the derived config and entity schemas and their checks are the hand-written ones. */
class JwtSchemaTest {
  private static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
      "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA");
  private final io.gatehouse.proxy.plugins.LoadedPlugin<?, ?> plugin = LoadedPlugins.of(new JwtPlugin()).find("jwt");

  @Test
  void config_schema_and_checks_are_the_hand_written_ones() {
    Field before = Field.record("config",
            Field.set("uri_param_names", Field.element(Field.Type.STRING)).defaultValue(List.of("jwt")),
            Field.set("cookie_names", Field.element(Field.Type.STRING)).defaultValue(List.of()),
            Field.set("header_names", Field.element(Field.Type.STRING)).defaultValue(List.of("authorization")),
            Field.string("key_claim_name").defaultValue("iss"),
            Field.bool("secret_is_base64").required().defaultValue(false),
            Field.set("claims_to_verify", Field.element(Field.Type.STRING).oneOf("exp", "nbf")),
            Field.string("anonymous"),
            Field.bool("run_on_preflight").required().defaultValue(true),
            Field.number("maximum_expiration").defaultValue(0).between(0, 31536000),
            Field.string("realm"),
            // Gatehouse's addition: unset, jwt is Kong 3.9's
            Field.set("key_sets", Field.element(Field.Type.STRING)).description("Names or ids of key sets whose keys"
                + " verify tokens that no jwt_secret matches: the key whose kid is the token's kid header (Gatehouse"
                + " addition; unset: Kong's behaviour)"))
        .recordCheck(EntityCheck.custom(List.of("maximum_expiration", "claims_to_verify"), (c, errors) -> {
          if (c.path("maximum_expiration").asDouble(0) > 0 && !contains(c.get("claims_to_verify"), "exp")) {
            errors.rootEntity("failed conditional validation given value of field 'config.maximum_expiration'");
            errors.field("claims_to_verify", "expected to contain: exp");
          }
        }));
    Field derived = plugin.configSchema();
    SchemaAssert.sameConfig(derived, before, "{}", "{\"maximum_expiration\":0}", "{\"maximum_expiration\":60}",
        "{\"maximum_expiration\":60,\"claims_to_verify\":[\"nbf\"]}",
        "{\"maximum_expiration\":60.5,\"claims_to_verify\":[\"nbf\",\"exp\"]}");
    assertThat(SchemaAssert.configErrors(derived, "{\"maximum_expiration\":60}"))
        .contains("failed conditional validation given value of field 'config.maximum_expiration'")
        .contains("expected to contain: exp");
    assertThat(plugin.priority()).isEqualTo(1450);
    assertThat(plugin.forbiddenScopes()).extracting(Enum::name).containsExactly("CONSUMER");
  }

  @Test
  void entity_schema_and_checks_are_the_hand_written_ones() {
    Schema before = Schema.builder("jwt_secrets")
        .adminApiName("jwts")
        .nestedName("jwt")
        .endpointKey("key")
        .fields(consumerOwned(
            Field.string("key").unique().auto(),
            Field.string("secret").auto(),
            Field.string("rsa_public_key"),
            Field.string("algorithm").defaultValue("HS256").oneOf(ALGORITHMS.toArray())))
        .check(EntityCheck.custom(List.of("algorithm", "rsa_public_key"), (e, errors) -> {
          String alg = e.path("algorithm").asText("HS256");
          if (!(alg.startsWith("RS") || alg.startsWith("PS") || alg.equals("EdDSA"))) {
            return;
          }
          JsonNode key = e.get("rsa_public_key");
          if (EntityCheck.isNull(key)) {
            errors.entity("failed conditional validation given value of field 'algorithm'");
            errors.field("rsa_public_key", "required field missing");
          } else if (PublicKeys.parse(key.asText()) == null) {
            errors.entity("failed conditional validation given value of field 'algorithm'");
            errors.field("rsa_public_key", "invalid key");
          }
        }))
        .build();
    assertThat(plugin.entities()).hasSize(1);
    Schema derived = plugin.entities().getFirst();
    SchemaAssert.sameEntity(derived, before, "{}", "{\"algorithm\":\"HS256\"}", "{\"algorithm\":\"RS256\"}",
        "{\"algorithm\":\"RS256\",\"rsa_public_key\":\"not a key\"}", "{\"algorithm\":\"EdDSA\",\"rsa_public_key\":null}",
        "{\"algorithm\":\"ES256\"}");
    assertThat(SchemaAssert.entityErrors(derived, "{\"algorithm\":\"PS256\",\"rsa_public_key\":\"x\"}"))
        .contains("failed conditional validation given value of field 'algorithm'").contains("invalid key");
    assertThat(JwtPlugin.ALGORITHMS).isEqualTo(ALGORITHMS);
  }

  private static boolean contains(JsonNode array, String value) {
    if (array == null || !array.isArray()) {
      return false;
    }
    for (JsonNode e : array) {
      if (value.equals(e.asText())) {
        return true;
      }
    }
    return false;
  }
}
