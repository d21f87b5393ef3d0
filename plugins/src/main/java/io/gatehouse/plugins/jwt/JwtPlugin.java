package io.gatehouse.plugins.jwt;

import static io.gatehouse.core.entity.Typedefs.consumerOwned;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugin.Scope;
import java.util.List;
import java.util.Set;

/** jwt: priority 1450, access only, cannot be scoped to a consumer. */
public final class JwtPlugin implements Plugin<JwtConfig> {
  /** Kong 3.9's {@code jwt_secrets.algorithm} choices. */
  static final List<String> ALGORITHMS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
      "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA");

  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public int priority() {
    return 1450;
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    return Set.of(Scope.CONSUMER);
  }

  @Override
  public Field configSchema() {
    return Field.record("config",
            Field.set("uri_param_names", Field.element(Field.Type.STRING)).defaultValue(List.of("jwt")),
            Field.set("cookie_names", Field.element(Field.Type.STRING)).defaultValue(List.of()),
            Field.set("header_names", Field.element(Field.Type.STRING)).defaultValue(List.of("authorization")),
            Field.string("key_claim_name").defaultValue("iss"),
            Field.bool("secret_is_base64").required().defaultValue(false),
            Field.set("claims_to_verify", Field.element(Field.Type.STRING).oneOf("exp", "nbf")),
            Field.string("anonymous"),
            Field.bool("run_on_preflight").required().defaultValue(true),
            Field.number("maximum_expiration").defaultValue(0).between(0, 31536000),
            Field.string("realm"))
        // Kong's plugin-level conditional over config.maximum_expiration / config.claims_to_verify
        .recordCheck(EntityCheck.custom(List.of("maximum_expiration", "claims_to_verify"), (c, errors) -> {
          if (c.path("maximum_expiration").asDouble(0) > 0 && !contains(c.get("claims_to_verify"), "exp")) {
            errors.rootEntity("failed conditional validation given value of field 'config.maximum_expiration'");
            errors.field("claims_to_verify", "expected to contain: exp");
          }
        }));
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

  @Override
  public Class<JwtConfig> configType() {
    return JwtConfig.class;
  }

  @Override
  public List<Schema> entities() {
    return List.of(Schema.builder("jwt_secrets")
        .adminApiName("jwts")
        .nestedName("jwt")
        .endpointKey("key")
        .fields(consumerOwned(
            Field.string("key").unique().auto(),
            Field.string("secret").auto(),
            Field.string("rsa_public_key"),
            Field.string("algorithm").defaultValue("HS256").oneOf(ALGORITHMS.toArray())))
        // RS*, PS* and EdDSA need a public key that parses (ES* is not checked here, as in Kong)
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
        .build());
  }

  @Override
  public PhaseHandler<JwtConfig> handler(PluginSnapshot snapshot) {
    return new JwtHandler(snapshot, JwtSecrets.of(snapshot));
  }
}
