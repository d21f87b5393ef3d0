package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Kong 3.9's {@code key_sets} and {@code keys} (kong/db/schema/entities/key_sets.lua, keys.lua): JWK or PEM keys, grouped in sets. */
public final class KeySchemas {
  private KeySchemas() {}

  public static Schema keySets() {
    return Schema.builder("key_sets")
        .endpointKey("name")
        .adminApiName("key-sets")
        .fields(
            id(),
            Field.string("name").unique(),
            tags(),
            createdAt(),
            updatedAt())
        .build();
  }

  public static Schema keys() {
    return Schema.builder("keys")
        .endpointKey("name")
        .uniqueTogether("kid", "set") // Kong's cache_key {kid, set}
        .fields(
            id(),
            Field.foreign("set", "key_sets", OnDelete.CASCADE),
            Field.string("name").unique(),
            Field.string("kid").required(),
            Field.string("jwk").referenceable(),
            pem(),
            tags(),
            createdAt(),
            updatedAt())
        .check(EntityCheck.mutuallyExclusive("jwk", "pem"))
        .check(EntityCheck.atLeastOneOf("jwk", "pem"))
        .check(EntityCheck.custom(List.of("jwk", "pem", "kid"), (e, errors) -> {
          JsonNode jwk = e.get("jwk");
          if (jwk != null && jwk.isTextual() && !isReference(jwk.asText())) {
            String error = Jwks.error(jwk.asText(), e.path("kid").isTextual() ? e.get("kid").asText() : null);
            if (error != null) {
              errors.entity(error);
              return;
            }
          }
          JsonNode pem = e.get("pem");
          if (pem != null && pem.isObject() && isNullOrMissing(pem.get("private_key")) && isNullOrMissing(pem.get("public_key"))) {
            errors.entity("need to supply a PEM formatted public and/or private key.");
          }
        }))
        .build();
  }

  /** Kong's {@code typedefs.pem}: a private and/or public key that load and belong together. */
  private static Field pem() {
    Field pem = Field.record("pem",
        Field.string("private_key").referenceable(),
        Field.string("public_key").referenceable())
        .description("A pair of PEM-encoded public and private keys, which can be either a string or a reference"
            + " to a credential in Kong Vault. If provided as strings, they must be valid PEM-encoded keys.");
    pem.nullableRecord().recordCheck(EntityCheck.atLeastOneOf("private_key", "public_key"));
    return pem.check(KeySchemas::pemError);
  }

  private static @Nullable String pemError(JsonNode v) {
    String priv = v.path("private_key").isTextual() ? v.get("private_key").asText() : null;
    String pub = v.path("public_key").isTextual() ? v.get("public_key").asText() : null;
    if ((priv != null && isReference(priv)) || (pub != null && isReference(pub))) {
      return null;
    }
    PublicKey publicKey = null;
    if (pub != null) {
      publicKey = Pem.publicKey(pub);
      if (publicKey == null) {
        return "could not load public key";
      }
    }
    PrivateKey privateKey = null;
    if (priv != null) {
      privateKey = Pem.privateKey(priv);
      if (privateKey == null) {
        return "could not load private key";
      }
    }
    if (publicKey != null && privateKey != null && !Pem.pairs(publicKey, privateKey)) {
      return "public key does not match private key";
    }
    return null;
  }

  private static boolean isReference(String value) {
    return value.startsWith("{vault://");
  }

  private static boolean isNullOrMissing(@Nullable JsonNode v) {
    return v == null || v.isNull();
  }
}
