package io.gatehouse.plugins.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AuthOutcome;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Credential;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Snapshot;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** jwt's access phase for one snapshot (reference plugins §5, Behaviour; Kong 3.9 bodies and challenges). */
final class JwtHandler {
  /** Where {@code kong.ctx.shared.authenticated_jwt_token} lives in {@link AccessPhase#shared()}. */
  static final String SHARED_TOKEN = "authenticated_jwt_token";
  private static final Pattern BEARER = Pattern.compile("\\s*[Bb]earer\\s+(.+)");

  /**
   * Why a request was refused: a message ({@code {"message":…}}) or claim errors (the map itself
   * is the body), and whether a token was present (the challenge then carries {@code invalid_token}).
   */
  private record Failure(@Nullable String message, @Nullable Map<String, String> claims, boolean tokenPresent) {
    static Failure message(String text) {
      return new Failure(text, null, true);
    }

    Object body() {
      return claims != null ? claims : Map.of("message", message == null ? "Unauthorized" : message);
    }
  }

  private static final Failure NO_TOKEN = new Failure("Unauthorized", null, false);

  private final Snapshot snapshot;
  private final JwtSecrets secrets;
  private final KeySetKeys keySets;

  /** The snapshot's secrets and key sets, shared by every jwt instance prepared from it. */
  JwtHandler(Snapshot snapshot, JwtSecrets secrets, KeySetKeys keySets) {
    this.snapshot = snapshot;
    this.secrets = secrets;
    this.keySets = keySets;
  }

  /** One instance's config with its snapshot's handler and the key sets its {@code key_sets} names. */
  record Prepared(JwtConfig config, JwtHandler handler, List<KeySetKeys.KeySet> sets) {}

  Prepared prepare(JwtConfig config) {
    return new Prepared(config, this, config.keySets().isEmpty() ? List.of() : keySets.resolve(config.keySets()));
  }

  void access(AccessPhase ctx, Prepared prepared) {
    JwtConfig config = prepared.config();
    if (!config.runOnPreflight() && ctx.request().method().equals("OPTIONS")) {
      return;
    }
    if (AuthOutcome.skip(ctx, config.anonymous())) {
      return;
    }
    Failure failure = authenticate(ctx, config, prepared.sets());
    if (failure == null) {
      return;
    }
    if (config.anonymous() != null) {
      AuthOutcome.fail(ctx, snapshot, config.anonymous(), 401, "Unauthorized", Map.of());
      return;
    }
    ctx.exit(401, failure.body(), Map.of("WWW-Authenticate", challenge(config, failure.tokenPresent())));
  }

  /** {@code Bearer}, {@code Bearer realm="x"}, and with a token {@code error="invalid_token"} (comma-separated, RFC 7235). */
  private static String challenge(JwtConfig config, boolean tokenPresent) {
    StringBuilder b = new StringBuilder("Bearer");
    if (config.realm() != null) {
      b.append(" realm=\"").append(config.realm()).append('"');
    }
    if (tokenPresent) {
      b.append(config.realm() != null ? ", " : " ").append("error=\"invalid_token\"");
    }
    return b.toString();
  }

  private @Nullable Failure authenticate(AccessPhase ctx, JwtConfig config, List<KeySetKeys.KeySet> sets) {
    Set<String> tokens = tokens(ctx.request(), config);
    if (tokens.isEmpty()) {
      return NO_TOKEN;
    }
    if (tokens.size() > 1) {
      return Failure.message("Multiple tokens provided");
    }
    String raw = tokens.iterator().next();
    JwtToken.Decoded decoded = JwtToken.decode(raw);
    JwtToken token = decoded.token();
    if (token == null) {
      return Failure.message("Bad token; " + decoded.error());
    }
    String claim = config.keyClaimName();
    JsonNode keyNode = token.claims().get(claim);
    if (absent(keyNode)) {
      keyNode = token.header().get(claim);
    }
    if (absent(keyNode)) {
      return Failure.message("No mandatory '" + claim + "' in claims");
    }
    String key = keyNode.asText();
    if (key.isEmpty()) {
      return Failure.message("Invalid '" + claim + "' in claims");
    }
    JwtSecrets.Secret secret = secrets.find(ctx.route(), key);
    if (secret == null) {
      return sets.isEmpty() ? Failure.message("No credentials found for given '" + claim + "'")
          : byKeySet(ctx, config, sets, token, raw, key);
    }
    if (!token.alg().equals(secret.algorithm())) {
      return Failure.message("Invalid algorithm");
    }
    SignatureCheck check = secret.check(config.secretIsBase64());
    if (check == null) {
      return Failure.message("Invalid key/secret");
    }
    if (!check.verify(token.signingInput(), token.signature())) {
      return Failure.message("Invalid signature");
    }
    Failure claims = claims(ctx, config, token);
    if (claims != null) {
      return claims;
    }
    Optional<Consumer> consumer = snapshot.consumerById(secret.consumerId());
    if (consumer.isEmpty()) {
      return Failure.message("Could not find consumer for '" + claim + "=" + key + "'");
    }
    ctx.authenticate(consumer.get(), new Credential(secret.id(), secret.consumerId(), secret.key()));
    ctx.shared().put(SHARED_TOKEN, raw);
    return null;
  }

  /**
   * No jwt_secret has the token's key: the key of the configured sets whose {@code kid} is the
   * token's verifies it, with Kong's messages and claim checks; the request is then authenticated
   * as a credential without a consumer (the key's id; {@code X-Credential-Identifier} = the key claim).
   */
  private @Nullable Failure byKeySet(AccessPhase ctx, JwtConfig config, List<KeySetKeys.KeySet> sets, JwtToken token,
      String raw, String key) {
    JsonNode kid = token.header().get("kid");
    KeySetKeys.Key k = kid == null || !kid.isTextual() ? null : KeySetKeys.find(sets, kid.asText());
    if (k == null) {
      return Failure.message("No credentials found for given '" + config.keyClaimName() + "'");
    }
    SignatureCheck check = k.checks().get(token.alg());
    if (check == null) {
      return Failure.message("Invalid algorithm"); // the JWK's alg, or a key of another type
    }
    if (!check.verify(token.signingInput(), token.signature())) {
      return Failure.message("Invalid signature");
    }
    Failure claims = claims(ctx, config, token);
    if (claims != null) {
      return claims;
    }
    ctx.authenticate(new Credential(k.id(), null, key));
    ctx.shared().put(SHARED_TOKEN, raw);
    return null;
  }

  /** Kong's registered-claim and maximum_expiration checks; null when they pass. */
  private static @Nullable Failure claims(AccessPhase ctx, JwtConfig config, JwtToken token) {
    long now = Math.floorDiv(ctx.nowMillis(), 1000);
    Map<String, String> claimErrors = registeredClaims(token.claims(), config.claimsToVerify(), now);
    if (claimErrors != null) {
      return new Failure(null, claimErrors, true);
    }
    if (config.maximumExpiration() > 0) {
      JsonNode exp = token.claims().get("exp");
      if (exp == null || !exp.isNumber() || exp.asDouble() - now > config.maximumExpiration()) {
        return new Failure(null, Map.of("exp", "exceeds maximum allowed expiration"), true);
      }
    }
    return null;
  }

  private static boolean absent(@Nullable JsonNode v) {
    return v == null || v.isNull() || (v.isBoolean() && !v.asBoolean());
  }

  /**
   * Distinct non-empty tokens from the query arguments, cookies and headers named in the config
   * (reference §5 step 2): the same token found twice counts once.
   */
  static Set<String> tokens(Request req, JwtConfig config) {
    Set<String> found = new LinkedHashSet<>(2);
    if (req.rawQuery() != null) {
      for (String name : config.uriParamNames()) {
        for (String v : req.queryArgs(name)) {
          if (!v.isEmpty()) {
            found.add(v);
          }
        }
      }
    }
    if (!config.cookieNames().isEmpty()) {
      List<String> cookieHeaders = req.headers("Cookie");
      for (String name : config.cookieNames()) {
        String v = cookie(cookieHeaders, name);
        if (v != null && !v.isEmpty()) {
          found.add(v);
        }
      }
    }
    for (String name : config.headerNames()) {
      String v = req.header(name); // the first of duplicated headers
      if (v != null) {
        Matcher m = BEARER.matcher(v);
        if (m.find() && !m.group(1).isEmpty()) {
          found.add(m.group(1));
        }
      }
    }
    return found;
  }

  /** nginx's {@code $cookie_<name>}: the first cookie of that name (case-insensitive) in any Cookie header. */
  private static @Nullable String cookie(List<String> headers, String name) {
    for (String header : headers) {
      int i = 0;
      while (i < header.length()) {
        int end = header.indexOf(';', i);
        if (end < 0) {
          end = header.length();
        }
        String pair = header.substring(i, end).trim();
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(name)) {
          return pair.substring(eq + 1).trim();
        }
        i = end + 1;
      }
    }
    return null;
  }

  /** Kong's {@code verify_registered_claims}: null when all pass, else claim → error, in config order. */
  private static @Nullable Map<String, String> registeredClaims(JsonNode claims, Set<String> toVerify, long now) {
    Map<String, String> errors = null;
    for (String name : toVerify) {
      JsonNode v = claims.get(name);
      String error;
      if (v == null || !v.isNumber()) {
        error = "must be a number";
      } else if (name.equals("exp")) {
        error = v.asDouble() <= now ? "token expired" : null;
      } else {
        error = v.asDouble() > now ? "token not valid yet" : null;
      }
      if (error != null) {
        if (errors == null) {
          errors = new LinkedHashMap<>();
        }
        errors.put(name, error);
      }
    }
    return errors;
  }
}
