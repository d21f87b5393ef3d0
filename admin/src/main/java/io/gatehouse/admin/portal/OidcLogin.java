package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.gatehouse.admin.login.Sessions;
import io.gatehouse.core.json.Json;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Developers' login through one OpenID provider (Kong Enterprise's {@code portal_auth = openid-connect}
 * with {@code portal_auth_conf}): the authorization code flow with PKCE (S256), {@code state} and
 * {@code nonce}, built and checked by the Nimbus OAuth 2.0/OIDC SDK, as the openid-connect plugin
 * does. A login in progress lives in the node's database for ten minutes ({@link PendingLogins}, shared
 * by every provider and node: one callback finishes any workspace's login), bound to the browser that
 * started it by a cookie; handlers run on virtual threads, so the provider is called blocking.
 */
final class OidcLogin {
  /** The cookie binding a login in progress to the browser that started it. */
  static final String COOKIE = "portal_oidc";

  /**
   * {@code portal_auth_conf}'s members that the portal reads (the openid-connect plugin's names).
   *
   * @param redirectUri null: the developers' API's own {@code /auth/oidc/callback} on the host the browser used
   */
  record Config(String issuer, String clientId, @Nullable String clientSecret, List<String> scopes,
      @Nullable String redirectUri) {

    /** Reads the node's {@code portal_auth_conf} text; a missing {@code issuer} or {@code client_id} is refused at start. */
    static Config parse(String json) {
      JsonNode c;
      try {
        c = Json.MAPPER.readTree(json);
      } catch (Exception e) {
        throw new IllegalArgumentException("portal_auth_conf is not a JSON object: " + e.getMessage());
      }
      try {
        return of(c);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("portal_auth_conf " + e.getMessage());
      }
    }

    /**
     * Reads a {@code portal_auth_conf} object (the node's or a workspace's).
     *
     * @throws IllegalArgumentException saying what is wrong ({@code needs issuer and client_id …})
     */
    static Config of(@Nullable JsonNode c) {
      if (c == null || !c.isObject()) throw new IllegalArgumentException("is not a JSON object");
      String issuer = first(c.get("issuer"));
      String clientId = first(c.get("client_id"));
      if (issuer == null || clientId == null) {
        throw new IllegalArgumentException("needs issuer and client_id for portal_auth = openid-connect");
      }
      List<String> scopes = new ArrayList<>();
      c.path("scopes").forEach(s -> scopes.add(s.asText()));
      if (scopes.isEmpty()) scopes.addAll(List.of("openid", "email"));
      // Kong's issuer may name the discovery document itself; Nimbus wants the issuer
      String base = issuer.replaceFirst("/\\.well-known/openid-configuration$", "");
      return new Config(base, clientId, first(c.get("client_secret")), scopes, first(c.get("redirect_uri")));
    }

    /**
     * What a login in progress remembers of the configuration it started with (a hash: the client
     * secret is not stored with it), so that a login started before the operator changed it is refused.
     */
    String fingerprint() {
      return Sessions.hash(Json.write(Json.MAPPER.valueToTree(this)));
    }

    private static @Nullable String first(@Nullable JsonNode n) {
      if (n == null || n.isNull()) return null;
      JsonNode v = n.isArray() ? n.path(0) : n;
      return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
  }

  /**
   * A login in progress.
   *
   * @param provider the {@link Config#fingerprint} of the configuration that started it
   * @param binding the hash of the binding cookie's value ({@link Sessions#hash})
   */
  record Pending(String provider, String binding, String nonce, String verifier, String redirectUri,
      String returnTo, io.gatehouse.admin.http.WorkspaceRef workspace) {}

  /** Where {@link #start} sends the browser, and the cookie that binds the login to it. */
  record Start(URI location, String cookie) {}

  /** What a finished login tells about the developer. */
  record Identity(String issuer, String subject, @Nullable String email, String returnTo,
      io.gatehouse.admin.http.WorkspaceRef workspace) {}

  /** A login that did not finish; {@code returnTo} is known when the login was this node's. */
  static final class Failed extends RuntimeException {
    final @Nullable String returnTo;

    Failed(String message, @Nullable String returnTo) {
      super(message, null, false, false);
      this.returnTo = returnTo;
    }
  }

  private final Config config;
  private final PendingLogins pending;
  private volatile @Nullable OIDCProviderMetadata metadata;
  private volatile @Nullable IDTokenValidator validator;

  /** @param pending the logins in progress, shared with the other providers' clients */
  OidcLogin(Config config, PendingLogins pending) {
    this.config = Objects.requireNonNull(config);
    this.pending = pending;
  }

  Config config() {
    return config;
  }

  String issuer() {
    return config.issuer();
  }

  /**
   * Starts a login: the provider's authorization address and the binding cookie.
   *
   * @param host the {@code Host} the browser called the developers' API on (for the default redirect URI)
   * @param returnTo the portal page to come back to (checked by the caller against the portal's origins)
   * @param workspace whose portal the developer logs in to; one callback address serves every workspace
   */
  Start start(String host, String returnTo, io.gatehouse.admin.http.WorkspaceRef workspace) {
    OIDCProviderMetadata m = metadata();
    String redirect = config.redirectUri() != null ? config.redirectUri() : "http://" + host + "/auth/oidc/callback";
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    String binding = new State().getValue(); // 256 random bits, as good a token as any
    URI location = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(config.scopes().toArray(String[]::new)),
        new ClientID(config.clientId()), URI.create(redirect))
        .endpointURI(m.getAuthorizationEndpointURI()).state(state).nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
    pending.put(state.getValue(), new Pending(config.fingerprint(), Sessions.hash(binding), nonce.getValue(),
        verifier.getValue(), redirect, returnTo, workspace));
    // Lax: the provider's redirect back is a cross-site top-level GET, which Strict would strip
    return new Start(location, COOKIE + "=" + binding + "; Path=" + cookiePath(redirect) + "; Max-Age="
        + PendingLogins.LIFETIME.toSeconds() + "; HttpOnly; SameSite=Lax");
  }

  /** The binding cookie goes to the callback only: {@code /auth/oidc}, or the path a {@code redirect_uri} names. */
  private static String cookiePath(String redirect) {
    String path = URI.create(redirect).getRawPath();
    if (path == null || path.isEmpty() || path.startsWith("/auth/oidc/")) return "/auth/oidc";
    return path;
  }

  /** Whether the browser that brings the callback is the one that started {@code p} (its binding cookie). */
  static boolean boundTo(Pending p, @Nullable String cookieHeader) {
    String binding = cookie(cookieHeader);
    return binding != null && MessageDigest.isEqual(p.binding().getBytes(StandardCharsets.UTF_8),
        Sessions.hash(binding).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Finishes a login started with this client's configuration, taken from the database at the callback by
   * {@link OidcLogins#finish}: the code is exchanged (with the PKCE verifier) and the ID token
   * checked (signature against the provider's keys, issuer, audience, expiry, nonce).
   *
   * @param clientSecret the configuration's client secret, its {@code {vault://…}} reference resolved
   */
  Identity finish(Pending p, @Nullable String clientSecret, @Nullable String code, @Nullable String error) {
    if (error != null) throw new Failed("The provider refused the login: " + error, p.returnTo());
    if (code == null) throw new Failed("The provider sent no code", p.returnTo());
    try {
      OIDCProviderMetadata m = metadata();
      TokenRequest request = new TokenRequest.Builder(m.getTokenEndpointURI(),
          new ClientSecretBasic(new ClientID(config.clientId()), new Secret(Objects.requireNonNullElse(clientSecret, ""))),
          new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(p.redirectUri()), new CodeVerifier(p.verifier())))
          .build();
      TokenResponse answer = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
      if (!answer.indicatesSuccess()) {
        var e = ((TokenErrorResponse) answer).getErrorObject();
        throw new Failed("The provider refused the code: " + (e == null ? "no reason" : e.getCode()), p.returnTo());
      }
      JWT idToken = ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens().getIDToken();
      if (idToken == null) throw new Failed("The provider issued no ID token", p.returnTo());
      JWTClaimsSet claims = validator(m).validate(idToken, new Nonce(p.nonce())).toJWTClaimsSet();
      Object email = claims.getClaim("email");
      return new Identity(config.issuer(), claims.getSubject(), email instanceof String s ? s : null, p.returnTo(),
          p.workspace());
    } catch (Failed f) {
      throw f;
    } catch (Exception e) {
      throw new Failed("The login could not be completed: " + e.getMessage(), p.returnTo());
    }
  }

  /** The provider's discovery document, read once it answers (a provider down at start is retried at the next login). */
  private OIDCProviderMetadata metadata() {
    OIDCProviderMetadata m = metadata;
    if (m != null) return m;
    try {
      m = OIDCProviderMetadata.resolve(new Issuer(config.issuer()));
    } catch (Exception e) {
      throw new Failed("The OpenID provider cannot be reached: " + e.getMessage(), null);
    }
    metadata = m;
    return m;
  }

  private IDTokenValidator validator(OIDCProviderMetadata m) throws Exception {
    IDTokenValidator v = validator;
    if (v != null) return v;
    var keys = JWKSourceBuilder.<SecurityContext>create(m.getJWKSetURI().toURL()).build();
    List<JWSAlgorithm> algs = m.getIDTokenJWSAlgs() == null ? List.of() : m.getIDTokenJWSAlgs().stream()
        .filter(a -> !a.getName().equals("none")).toList(); // an unsigned ID token is never accepted
    if (algs.isEmpty()) algs = List.of(JWSAlgorithm.RS256);
    v = new IDTokenValidator(m.getIssuer(), new ClientID(config.clientId()),
        new JWSVerificationKeySelector<>(new java.util.HashSet<>(algs), keys), null);
    validator = v;
    return v;
  }

  private static @Nullable String cookie(@Nullable String header) {
    if (header == null) return null;
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
    }
    return null;
  }
}
