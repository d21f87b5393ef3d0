package io.gatehouse.plugins.openidconnect;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.gatehouse.plugins.openidconnect.OidcCookies.Tokens;
import io.gatehouse.plugins.openidconnect.ProviderCalls.ClientAuth;
import io.gatehouse.plugins.openidconnect.ProviderCalls.Issued;
import io.gatehouse.plugins.openidconnect.TokenVerifier.Invalid;
import io.gatehouse.plugins.openidconnect.TokenVerifier.UnknownKey;
import io.gatehouse.plugins.openidconnect.TokenVerifier.Valid;
import io.gatehouse.plugins.openidconnect.TokenVerifier.Verdict;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The auth methods, tried in Kong's order: an open session (refreshed with its refresh token once
 * the access token expired), the authorization code callback, a bearer token (a JWT verified here,
 * an opaque one introspected), the password and client credentials grants, and finally a redirect
 * to the provider to log in. Each answers a {@link Outcome}; whatever waits on the provider runs
 * on the HTTP client's threads, and a fully cached path completes at once on the event loop.
 */
final class Flows {
  private Flows() {}

  /** What the auth methods concluded. */
  sealed interface Outcome {}

  /**
   * A credential was accepted. {@code redirect}: answer with a redirect there (a finished login)
   * instead of proxying. {@code cookies}: {@code Set-Cookie} values to send.
   */
  record Authenticated(String method, Map<String, Object> claims, Tokens tokens,
      @Nullable Map<String, Object> introspection, List<String> cookies, @Nullable String redirect) implements Outcome {}

  /** No credential was accepted: 401 ({@code error} is RFC 6750's code, or null when none was offered). */
  record Denied(@Nullable String error, String reason, List<String> cookies) implements Outcome {}

  /** Send the browser to the provider's authorization endpoint. */
  record Login(String location, List<String> cookies) implements Outcome {}

  /** The session is dropped; the browser goes to {@code location} (null: a plain 200). */
  record LoggedOut(@Nullable String location, List<String> cookies) implements Outcome {}

  static CompletableFuture<Outcome> run(Prepared p, Offer o, long now) {
    OpenIdConnectConfig c = p.config();
    List<String> cookies = new ArrayList<>();
    if (o.logout()) {
      return logout(p, o, now);
    }
    if (c.enabled("session") && o.sessionCookie() != null) {
      OidcCookies.Session s = p.cookies().openSession(o.sessionCookie(), now);
      if (s != null) {
        return session(p, o, s, now).thenCompose(out -> out != null ? done(out) : afterSession(p, o, now, List.of(
            p.cookies().clearSession(o.https()))));
      }
      cookies.add(p.cookies().clearSession(o.https()));
    }
    return afterSession(p, o, now, cookies);
  }

  private static CompletableFuture<Outcome> afterSession(Prepared p, Offer o, long now, List<String> cookies) {
    OpenIdConnectConfig c = p.config();
    if (c.enabled("authorization_code") && o.code() != null && o.state() != null && o.authorizationCookie() != null) {
      return CodeFlow.callback(p, o, now);
    }
    if (o.bearer() != null) {
      return bearer(p, o.bearer(), now, cookies);
    }
    boolean basic = o.basicUser() != null;
    if (c.enabled("password") && (o.username() != null && o.password() != null || basic)) {
      String user = o.username() != null ? o.username() : o.basicUser();
      String password = o.username() != null ? o.password() : o.basicPassword();
      CompletableFuture<Outcome> viaPassword = granted(p, "password",
          new ResourceOwnerPasswordCredentialsGrant(user, new Secret(password)), c.firstClientId(), c.firstClientSecret(),
          "password " + user + " " + ProviderCalls.digest(password), now, cookies);
      if (!(c.enabled("client_credentials") && basic && o.username() == null)) {
        return viaPassword;
      }
      // Basic credentials name either a user or a client: a refused password grant tries the client
      return viaPassword.thenCompose(out -> out instanceof Denied ? clientCredentials(p, o, now, cookies) : done(out));
    }
    if (c.enabled("client_credentials") && (o.clientId() != null && o.clientSecret() != null || basic)) {
      return clientCredentials(p, o, now, cookies);
    }
    if (c.enabled("authorization_code") && !o.hasCredential()) {
      return CodeFlow.start(p, o, now, cookies);
    }
    return done(new Denied(null, "no credentials found", cookies));
  }

  /**
   * Logout: the session cookie is cleared; with an {@code end_session_endpoint} the browser goes
   * there (RP-initiated logout with {@code id_token_hint} and {@code post_logout_redirect_uri} from
   * {@code logout_redirect_uri}), else to {@code logout_redirect_uri}, else a 200.
   */
  private static CompletableFuture<Outcome> logout(Prepared p, Offer o, long now) {
    OpenIdConnectConfig c = p.config();
    List<String> cookies = List.of(p.cookies().clearSession(o.https()));
    OidcCookies.Session s = p.cookies().openSession(o.sessionCookie(), now);
    String after = c.logoutRedirectUri() == null || c.logoutRedirectUri().isEmpty() ? null : c.logoutRedirectUri().getFirst();
    return p.provider().keys().<Outcome>thenApply(keys -> {
      URI end = keys.metadata().endSessionEndpoint();
      if (end == null) {
        return new LoggedOut(after, cookies);
      }
      StringBuilder to = new StringBuilder(end.toString()).append(end.getRawQuery() == null ? '?' : '&');
      List<String> args = new ArrayList<>();
      if (s != null && s.tokens().idToken() != null) {
        args.add("id_token_hint=" + encode(s.tokens().idToken()));
      }
      if (after != null) {
        args.add("post_logout_redirect_uri=" + encode(after));
      }
      if (c.firstClientId() != null) {
        args.add("client_id=" + encode(c.firstClientId()));
      }
      return new LoggedOut(args.isEmpty() ? end.toString() : to.append(String.join("&", args)).toString(), cookies);
    }).exceptionally(e -> new LoggedOut(after, cookies));
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static CompletableFuture<Outcome> clientCredentials(Prepared p, Offer o, long now, List<String> cookies) {
    String id = o.clientId() != null ? o.clientId() : o.basicUser();
    String secret = o.clientId() != null ? o.clientSecret() : o.basicPassword();
    return granted(p, "client_credentials", new ClientCredentialsGrant(), id, secret,
        "client_credentials " + id + " " + ProviderCalls.digest(secret == null ? "" : secret), now, cookies);
  }

  /** A session whose access token is still good answers at once; an expired one is refreshed, else null. */
  private static CompletableFuture<@Nullable Outcome> session(Prepared p, Offer o, OidcCookies.Session s, long now) {
    Tokens t = s.tokens();
    if (t.expiresAt() == 0 || now < t.expiresAt()) {
      String touched = p.cookies().touched(s, o.sessionCookie(), now);
      List<String> cookies = touched == null ? List.of() : List.of(p.cookies().sessionCookie(touched, o.https()));
      return done(new Authenticated("session", unverifiedClaims(t), t, null, cookies, null));
    }
    if (!p.config().refreshTokens() || t.refreshToken() == null) {
      return CompletableFuture.completedFuture(null);
    }
    String clientId = p.config().firstClientId();
    if (clientId == null) {
      return CompletableFuture.completedFuture(null);
    }
    return p.provider().keys().thenCompose(keys -> p.calls().token(tokenEndpoint(p, keys), tokenAuth(p), clientId,
            p.config().firstClientSecret(), new RefreshTokenGrant(new RefreshToken(t.refreshToken())), null, null,
            p.config().cacheTtl(), now))
        .thenCompose(issued -> {
          // a provider may answer a refresh without a new ID token or refresh token: keep the old ones
          Issued kept = new Issued(issued.accessToken(), issued.idToken() != null ? issued.idToken() : t.idToken(),
              issued.refreshToken() != null ? issued.refreshToken() : t.refreshToken(), issued.expiresAt());
          return tokens(p, kept, now).thenApply(claims -> {
            if (claims instanceof Invalid) {
              return (Outcome) null;
            }
            Tokens fresh = sessionTokens(kept, claims);
            String value = p.cookies().sealSession(fresh, s.header(), now);
            return (Outcome) new Authenticated("session", ((Valid) claims).claims(), fresh, null,
                List.of(p.cookies().sessionCookie(value, o.https())), null);
          });
        })
        .exceptionally(e -> null);
  }

  private static CompletableFuture<Outcome> bearer(Prepared p, String token, long now, List<String> cookies) {
    OpenIdConnectConfig c = p.config();
    SignedJWT jwt = TokenVerifier.parse(token);
    if (jwt != null && c.enabled("bearer") && !c.introspectJwtTokens()) {
      return verify(p, keys -> TokenVerifier.verify(jwt, keys, p.rules(), now)).<Outcome>thenApply(v -> switch (v) {
        case Valid valid -> new Authenticated("bearer", valid.claims(), new Tokens(token, null, null, 0), null, cookies, null);
        case Invalid invalid -> new Denied("invalid_token", invalid.reason(), cookies);
        case UnknownKey u -> new Denied("invalid_token", "no suitable key to verify the signature", cookies);
      });
    }
    if (!c.enabled("introspection")) {
      return done(new Denied("invalid_token", jwt == null ? "opaque tokens need introspection" : "bearer is disabled", cookies));
    }
    String clientId = c.firstClientId();
    if (clientId == null) {
      return done(new Denied("invalid_token", "introspection needs a client_id", cookies));
    }
    return p.provider().keys().thenCompose(keys -> {
      URI endpoint = c.introspectionEndpoint() != null ? URI.create(c.introspectionEndpoint())
          : keys.metadata().introspectionEndpoint();
      if (endpoint == null) {
        return done(new Denied("invalid_token", "the provider has no introspection endpoint", cookies));
      }
      return p.calls().introspect(endpoint, introspectionAuth(p), clientId, c.firstClientSecret(), token,
              c.introspectionHint(), c.introspectionCheckActive(), c.cacheIntrospection(), c.cacheTtl(), now)
          .thenApply(claims -> claims == null ? new Denied("invalid_token", "the token is not active", cookies)
              : introspected(p, token, claims, now, cookies));
    });
  }

  private static Outcome introspected(Prepared p, String token, Map<String, Object> claims, long now, List<String> cookies) {
    if (p.config().verifyClaims() && claims.get("exp") instanceof Number exp && now > exp.longValue() + p.rules().leewaySeconds()) {
      return new Denied("invalid_token", "token expired", cookies);
    }
    return new Authenticated("introspection", claims, new Tokens(token, null, null, 0), claims, cookies, null);
  }

  /** A token endpoint grant made with these client credentials; its access token's claims are the caller's. */
  private static CompletableFuture<Outcome> granted(Prepared p, String method, AuthorizationGrant grant,
      @Nullable String clientId, @Nullable String secret, String cacheKey, long now, List<String> cookies) {
    if (clientId == null) {
      return done(new Denied(null, method + " needs a client_id", cookies));
    }
    OpenIdConnectConfig c = p.config();
    Scope scope = Scope.parse(c.scopes());
    String key = c.cacheTokens() ? p.cachePrefix() + cacheKey + " " + clientId : null;
    return p.provider().keys()
        .thenCompose(keys -> p.calls().token(tokenEndpoint(p, keys), tokenAuth(p), clientId, secret, grant, scope, key,
            c.cacheTtl(), now))
        .thenCompose(issued -> tokens(p, issued, now).thenApply(v -> v instanceof Valid valid
            ? (Outcome) new Authenticated(method, valid.claims(), sessionTokens(issued, v), null, cookies, null)
            : new Denied("invalid_token", ((Invalid) v).reason(), cookies)))
        .exceptionally(e -> new Denied(null, method + " grant failed: " + Provider.rootMessage(e), cookies));
  }

  /** The claims of tokens the provider just issued: the access token's when it is a JWT, else the ID token's. */
  static CompletableFuture<Verdict> tokens(Prepared p, Issued issued, long now) {
    SignedJWT access = TokenVerifier.parse(issued.accessToken());
    if (access != null) {
      return verify(p, keys -> TokenVerifier.verify(access, keys, p.rules(), now)).thenApply(Flows::known);
    }
    SignedJWT id = issued.idToken() == null ? null : TokenVerifier.parse(issued.idToken());
    if (id != null) {
      return verify(p, keys -> TokenVerifier.verifyIdToken(id, keys, p.rules(), now, p.clientIds(), null))
          .thenApply(Flows::known);
    }
    return CompletableFuture.completedFuture(new Valid(Map.of()));
  }

  private static Verdict known(Verdict v) {
    return v instanceof UnknownKey ? new Invalid("no suitable key to verify the signature") : v;
  }

  /** Runs a check with the issuer's keys, discovering again (rate-limited) when no key fits. */
  static CompletableFuture<Verdict> verify(Prepared p, Function<Provider.Keys, Verdict> check) {
    return p.provider().keys().thenCompose(keys -> {
      Verdict v = check.apply(keys);
      if (!(v instanceof UnknownKey)) {
        return CompletableFuture.completedFuture(v);
      }
      return p.provider().rediscover(p.config().rediscoveryLifetime())
          .thenApply(fresh -> fresh == keys ? v : check.apply(fresh));
    });
  }

  static Tokens sessionTokens(Issued issued, Verdict claims) {
    long exp = issued.expiresAt();
    if (exp == 0 && claims instanceof Valid v && v.claims().get("exp") instanceof Number n) {
      exp = n.longValue();
    }
    return new Tokens(issued.accessToken(), issued.idToken(), issued.refreshToken(), exp);
  }

  /** A session's claims: sealed in our own cookie, so read without checking the signature again. */
  private static Map<String, Object> unverifiedClaims(Tokens t) {
    for (String token : new String[] {t.accessToken(), t.idToken()}) {
      SignedJWT jwt = token == null ? null : TokenVerifier.parse(token);
      if (jwt != null) {
        try {
          return jwt.getJWTClaimsSet().toJSONObject();
        } catch (java.text.ParseException e) {
          // try the next token
        }
      }
    }
    return Map.of();
  }

  static URI tokenEndpoint(Prepared p, Provider.Keys keys) {
    URI u = p.config().tokenEndpoint() != null ? URI.create(p.config().tokenEndpoint()) : keys.metadata().tokenEndpoint();
    if (u == null) {
      throw new ProviderCalls.Refused("the provider has no token endpoint");
    }
    return u;
  }

  static ClientAuth tokenAuth(Prepared p) {
    return clientAuth(p.config().tokenEndpointAuthMethod(), p.config());
  }

  private static ClientAuth introspectionAuth(Prepared p) {
    return clientAuth(p.config().introspectionEndpointAuthMethod(), p.config());
  }

  private static ClientAuth clientAuth(@Nullable String method, OpenIdConnectConfig c) {
    String m = method != null ? method : c.clientAuth() != null && !c.clientAuth().isEmpty() ? c.clientAuth().getFirst()
        : "client_secret_basic";
    return switch (m) {
      case "client_secret_post" -> ClientAuth.CLIENT_SECRET_POST;
      case "none" -> ClientAuth.NONE;
      default -> ClientAuth.CLIENT_SECRET_BASIC;
    };
  }

  static CompletableFuture<Outcome> done(Outcome o) {
    return CompletableFuture.completedFuture(o);
  }

  static CodeVerifier verifier(String value) {
    return new CodeVerifier(value);
  }

  static AuthorizationCodeGrant codeGrant(String code, URI redirect, @Nullable String verifier) {
    return new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier == null ? null : verifier(verifier));
  }
}
