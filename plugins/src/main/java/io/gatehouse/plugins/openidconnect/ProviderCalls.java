package io.gatehouse.plugins.openidconnect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.gatehouse.plugins.functioncall.FunctionHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Calls to the provider's token and introspection endpoints with the JDK's asynchronous client
 * (requests built and answers parsed by the Nimbus OAuth 2.0 SDK). Answers are cached by a digest
 * of what was sent ({@code cache_tokens}, {@code cache_introspection}) until the token expires,
 * at most {@code cache_ttl}; failures are never cached.
 */
final class ProviderCalls {
  /** Tokens the provider issued; {@code expiresAt} in epoch seconds (0: unknown). */
  record Issued(String accessToken, @Nullable String idToken, @Nullable String refreshToken, long expiresAt) {}

  /** The provider refused (an OAuth error code) or could not be asked. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** How the gateway authenticates as a client to one endpoint. */
  enum ClientAuth { CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, NONE }

  private record Cached(Object value, long expiresAtNanos) {}

  private static final Cache<String, Cached> CACHE = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfter(Expiry.<String, Cached>creating((k, v) -> Duration.ofNanos(Math.max(0, v.expiresAtNanos() - System.nanoTime()))))
      .executor(Runnable::run)
      .build();

  private final HttpClient http;
  private final Duration timeout;

  ProviderCalls(boolean sslVerify, long timeoutMillis) {
    this.http = FunctionHttp.client(sslVerify, null);
    this.timeout = Duration.ofMillis(Math.max(1, timeoutMillis));
  }

  static ClientAuthentication auth(ClientAuth how, String clientId, @Nullable String secret) {
    return switch (how) {
      case CLIENT_SECRET_POST -> new ClientSecretPost(new ClientID(clientId), new Secret(secret == null ? "" : secret));
      default -> new ClientSecretBasic(new ClientID(clientId), new Secret(secret == null ? "" : secret));
    };
  }

  /**
   * A token endpoint grant. {@code cacheKey} null: not cached (codes and refresh tokens are used once).
   *
   * @param ttlSeconds the longest an answer is kept ({@code cache_ttl})
   */
  CompletableFuture<Issued> token(URI endpoint, ClientAuth how, String clientId, @Nullable String secret,
      AuthorizationGrant grant, @Nullable Scope scope, @Nullable String cacheKey, double ttlSeconds, long nowSeconds) {
    if (cacheKey != null) {
      Cached hit = CACHE.getIfPresent(cacheKey);
      if (hit != null && hit.value() instanceof Issued i) {
        return CompletableFuture.completedFuture(i);
      }
    }
    TokenRequest request = how == ClientAuth.NONE
        ? new TokenRequest.Builder(endpoint, new ClientID(clientId), grant).scope(scope).build()
        : new TokenRequest.Builder(endpoint, auth(how, clientId, secret), grant).scope(scope).build();
    return send(request.toHTTPRequest()).thenApply(r -> {
      Issued issued = issued(r, nowSeconds);
      if (cacheKey != null) {
        long life = issued.expiresAt() > 0 ? Math.min(issued.expiresAt() - nowSeconds, (long) ttlSeconds) : (long) ttlSeconds;
        if (life > 0) {
          CACHE.put(cacheKey, new Cached(issued, System.nanoTime() + life * 1_000_000_000L));
        }
      }
      return issued;
    });
  }

  private static Issued issued(HTTPResponse r, long now) {
    TokenResponse parsed;
    try {
      parsed = OIDCTokenResponseParser.parse(r);
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new CompletionException(new Refused("unreadable token endpoint answer (" + r.getStatusCode() + ")"));
    }
    if (!parsed.indicatesSuccess()) {
      var error = ((TokenErrorResponse) parsed).getErrorObject();
      throw new CompletionException(new Refused(error == null || error.getCode() == null ? "token request refused" : error.getCode()));
    }
    Tokens tokens = parsed.toSuccessResponse().getTokens();
    AccessToken at = tokens.getAccessToken();
    String id = tokens instanceof OIDCTokens o ? o.getIDTokenString() : null;
    long exp = at.getLifetime() > 0 ? now + at.getLifetime() : 0;
    return new Issued(at.getValue(), id, tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(), exp);
  }

  /**
   * RFC 7662 introspection: the answer's members (null when the provider said the token is not
   * active and {@code checkActive} is set).
   */
  CompletableFuture<@Nullable Map<String, Object>> introspect(URI endpoint, ClientAuth how, String clientId,
      @Nullable String secret, String token, String hint, boolean checkActive, boolean cache, double ttlSeconds,
      long nowSeconds) {
    String key = cache ? "introspection " + endpoint + " " + clientId + " " + digest(token) : null;
    if (key != null) {
      Cached hit = CACHE.getIfPresent(key);
      if (hit != null) {
        @SuppressWarnings("unchecked") Map<String, Object> claims = (Map<String, Object>) hit.value();
        return CompletableFuture.completedFuture(claims);
      }
    }
    Map<String, List<String>> params = Map.of("token_type_hint", List.of(hint));
    TokenIntrospectionRequest request = how == ClientAuth.NONE
        ? new TokenIntrospectionRequest(endpoint, new BearerAccessToken(token), params)
        : new TokenIntrospectionRequest(endpoint, auth(how, clientId, secret), new BearerAccessToken(token), params);
    return send(request.toHTTPRequest()).thenApply(r -> {
      if (r.getStatusCode() != 200) {
        throw new CompletionException(new Refused("introspection answered " + r.getStatusCode()));
      }
      Map<String, Object> claims;
      try {
        claims = JSONObjectUtils.parse(r.getBody());
      } catch (java.text.ParseException e) {
        throw new CompletionException(new Refused("unreadable introspection answer"));
      }
      if (checkActive && !Boolean.TRUE.equals(claims.get("active"))) {
        return null;
      }
      if (key != null) {
        long life = (long) ttlSeconds;
        if (claims.get("exp") instanceof Number exp) {
          life = Math.min(life, exp.longValue() - nowSeconds);
        }
        if (life > 0) {
          CACHE.put(key, new Cached(claims, System.nanoTime() + life * 1_000_000_000L));
        }
      }
      return claims;
    });
  }

  /** A key part that names a secret without holding it. */
  static String digest(String secret) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(io.gatehouse.sdk.Secrets.sha256(secret));
  }

  private CompletableFuture<HTTPResponse> send(HTTPRequest request) {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.getURI()).timeout(timeout);
    request.getHeaderMap().forEach((name, values) -> {
      if (!FunctionHttp.restricted(name)) {
        values.forEach(v -> b.header(name, v));
      }
    });
    String body = request.getBody();
    b.method(request.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      HTTPResponse out = new HTTPResponse(r.statusCode());
      r.headers().firstValue("Content-Type").ifPresent(ct -> out.setHeader("Content-Type", ct));
      out.setBody(r.body());
      return out;
    });
  }
}
