package io.gatehouse.plugins.jwt;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import io.gatehouse.sdk.Unique;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** jwt: priority 1450, access only, cannot be scoped to a consumer. */
@PluginInfo(name = "jwt", priority = 1450, forbiddenScopes = Scope.CONSUMER)
public final class JwtPlugin implements PreparedPlugin<JwtConfig, JwtHandler.Prepared> {
  /** Kong 3.9's {@code jwt_secrets.algorithm} choices (the same as {@link JwtSecret#algorithm}'s). */
  static final List<String> ALGORITHMS = List.of(JwtSecret.class.getRecordComponents()[3].getAnnotation(OneOf.class).value());

  /** A credential: {@code /jwts}, {@code /consumers/{c}/jwt}; Kong 3.9's algorithm choices. */
  @Entity(table = "jwt_secrets", adminApiName = "jwts", nestedName = "jwt", endpointKey = "key")
  public record JwtSecret(
      @Unique @Auto @Nullable String key,
      @Auto @Nullable String secret,
      @Nullable String rsaPublicKey,
      @Default("HS256") @OneOf({"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512",
          "PS256", "PS384", "PS512", "EdDSA"}) @Nullable String algorithm) {}

  @Override
  public List<Class<? extends Record>> entities() {
    return List.of(JwtSecret.class);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> record) {
    if (record == JwtConfig.class) {
      // Kong's plugin-level conditional over config.maximum_expiration / config.claims_to_verify
      return EntityChecks.NONE.conditional("config.maximum_expiration", v -> v instanceof Number n && n.doubleValue() > 0,
          "config.claims_to_verify", v -> v instanceof List<?> l && l.contains("exp") ? null : "expected to contain: exp");
    }
    if (record == JwtSecret.class) {
      // RS*, PS* and EdDSA need a public key that parses (ES* is not checked here, as in Kong)
      return EntityChecks.NONE.conditional("algorithm",
          v -> v instanceof String alg && (alg.startsWith("RS") || alg.startsWith("PS") || alg.equals("EdDSA")),
          "rsa_public_key", v -> v == null ? "required field missing" : PublicKeys.parse(v.toString()) == null ? "invalid key" : null);
    }
    return EntityChecks.NONE;
  }

  @Override
  public JwtHandler.Prepared prepare(JwtConfig config, Snapshot snapshot) {
    return snapshot.shared(JwtHandler.class, s -> new JwtHandler(s, JwtSecrets.of(s), KeySetKeys.of(s))).prepare(config);
  }

  @Override
  public void access(AccessPhase ctx, JwtHandler.Prepared prepared) {
    prepared.handler().access(ctx, prepared);
  }
}
