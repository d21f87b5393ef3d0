package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.PluginRecords;
import io.gatehouse.sdk.Secrets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Tokens and authorization codes in the node's plugin records (Kong's {@code oauth2_tokens} and
 * {@code oauth2_authorization_codes} tables). Every secret is stored as its SHA-256 digest, which is
 * the record key: a token is found by hashing what the client presents, and a leaked table issues
 * nothing. A refresh token maps to its access token's key; codes live 300 seconds, as in Kong.
 */
final class TokenStore {
  static final String TOKENS = "oauth2_tokens";
  static final String REFRESH = "oauth2_refresh_tokens";
  static final String CODES = "oauth2_authorization_codes";
  private static final long CODE_TTL_SECONDS = 300;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PluginRecords records;

  TokenStore(PluginRecords records) {
    this.records = records;
  }

  /** A new secret: 32 random bytes, base64url (Kong's {@code random_string} is as unguessable). */
  static String randomSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String digest(String secret) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(secret));
  }

  /** Where a token's records expire: {@code refresh_token_ttl} after issue when the token expires at all (Kong's ttl). */
  private static long expiry(OAuth2Config c, long nowSeconds) {
    return c.tokenExpiration() > 0 && c.refreshTokenTtl() > 0 ? (nowSeconds + c.refreshTokenTtl()) * 1000 : PluginRecords.NEVER;
  }

  /**
   * Kong's {@code generate_token}: a new access token (and a refresh token unless
   * {@code disableRefresh} or tokens never expire), or with {@code reuse_refresh_token} a new access
   * token for an existing refresh token ({@code existing}, refreshed with {@code presentedRefresh}).
   * Completes with the response parameters.
   */
  CompletionStage<Map<String, Object>> issue(OAuth2Config c, @Nullable String serviceId, Clients.Client client,
      @Nullable String userid, @Nullable String scope, @Nullable Object state, boolean disableRefresh,
      @Nullable Token existing, @Nullable String presentedRefresh, long nowSeconds) {
    long expiresIn = (long) c.tokenExpiration();
    String access = randomSecret();
    String refresh = null;
    Token token;
    CompletionStage<?> before = CompletableFuture.completedFuture(null);
    if (existing != null && c.reuseRefreshToken()) {
      token = new Token(digest(access), existing.id(), existing.credentialId(), existing.serviceId(), expiresIn,
          nowSeconds, existing.scope(), existing.authenticatedUserid(), existing.refreshKey());
      before = records.delete(TOKENS, existing.key());
      refresh = presentedRefresh;
    } else {
      if (!disableRefresh && expiresIn > 0) {
        refresh = randomSecret();
      }
      token = new Token(digest(access), UUID.randomUUID().toString(), client.id(), c.globalCredentials() ? null : serviceId,
          expiresIn, nowSeconds, scope, userid, refresh == null ? null : digest(refresh));
    }
    long expiresAt = expiry(c, nowSeconds);
    String refreshToken = refresh;
    return before
        .thenCompose(v -> records.put(TOKENS, token.key(), token.toJson(), expiresAt))
        .thenCompose(v -> token.refreshKey() == null ? CompletableFuture.completedFuture(null)
            : records.put(REFRESH, token.refreshKey(), token.key(), expiresAt))
        .thenApply(v -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("access_token", access);
          out.put("token_type", "bearer");
          if (expiresIn > 0) {
            out.put("expires_in", expiresIn);
          }
          if (refreshToken != null) {
            out.put("refresh_token", refreshToken);
          }
          if (state != null) {
            out.put("state", state);
          }
          return out;
        });
  }

  CompletionStage<Optional<Token>> byAccessToken(String accessToken) {
    String key = digest(accessToken);
    return records.get(TOKENS, key).thenApply(e -> e.map(entry -> Token.fromJson(key, entry.value())));
  }

  CompletionStage<Optional<Token>> byRefreshToken(String refreshToken) {
    return records.get(REFRESH, digest(refreshToken)).thenCompose(e -> e.isEmpty()
        ? CompletableFuture.completedFuture(Optional.<Token>empty())
        : records.get(TOKENS, e.get().value()).thenApply(t -> t.map(entry -> Token.fromJson(e.get().value(), entry.value()))));
  }

  /** Deletes a refreshed token and its refresh token; false when another request got there first. */
  CompletionStage<Boolean> retire(Token token) {
    CompletionStage<Boolean> refresh = token.refreshKey() == null ? CompletableFuture.completedFuture(true)
        : records.take(REFRESH, token.refreshKey()).thenApply(Optional::isPresent);
    return refresh.thenCompose(won -> records.delete(TOKENS, token.key()).thenApply(v -> won));
  }

  /** Stores a new authorization code for 300 seconds; completes with the code. */
  CompletionStage<String> newCode(AuthCode grant, long nowSeconds) {
    String code = randomSecret();
    return records.put(CODES, digest(code), grant.toJson(), (nowSeconds + CODE_TTL_SECONDS) * 1000).thenApply(v -> code);
  }

  CompletionStage<Optional<AuthCode>> code(String code) {
    return records.get(CODES, digest(code)).thenApply(e -> e.map(entry -> AuthCode.fromJson(entry.value())));
  }

  /** Uses a code up: true for exactly one caller. */
  CompletionStage<Boolean> spend(String code) {
    return records.take(CODES, digest(code)).thenApply(Optional::isPresent);
  }

  /** Admin API: live tokens in key order. */
  CompletionStage<List<Token>> list(@Nullable String afterKey, int limit) {
    return records.list(TOKENS, afterKey, limit)
        .thenApply(l -> l.stream().map(e -> Token.fromJson(e.key(), e.value())).toList());
  }

  CompletionStage<Boolean> delete(Token token) {
    return retire(token).thenApply(v -> true);
  }
}
