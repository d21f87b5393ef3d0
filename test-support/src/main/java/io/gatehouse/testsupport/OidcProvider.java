package io.gatehouse.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A real OpenID provider on 127.0.0.1 and a free port, built on the Nimbus OAuth 2.0/OIDC SDK and
 * the JDK's HTTP server: discovery, JWKS, an authorization endpoint that logs in a chosen user at
 * once, a token endpoint (authorization code with PKCE, password, client credentials, refresh
 * token; client_secret_basic/post) and RFC 7662 introspection. Tokens are RS256 JWTs (access and
 * ID tokens) or opaque strings; its clock is injectable, its signing key can be rotated, and it
 * counts what it was asked.
 */
public final class OidcProvider implements AutoCloseable {
  private record Code(String clientId, URI redirect, String user, Scope scope, String nonce, CodeChallenge challenge,
      CodeChallengeMethod method) {}

  private record User(String password, Map<String, Object> claims) {}

  private final HttpServer server;
  private final String issuer;
  private final LongSupplier clockMillis;
  private volatile RSAKey key = newKey();
  private volatile long accessTokenSeconds = 300;
  private volatile String loggedIn = "";
  private volatile long delayMillis;
  private final Map<String, String> clients = new ConcurrentHashMap<>();
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, JWTClaimsSet> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, JWTClaimsSet> opaque = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  private OidcProvider(LongSupplier clockMillis) throws IOException {
    this.clockMillis = clockMillis;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
    server.createContext("/realms/test/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  public static OidcProvider start(LongSupplier clockMillis) {
    try {
      return new OidcProvider(clockMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String issuer() {
    return issuer;
  }

  public OidcProvider client(String id, String secret) {
    clients.put(id, secret);
    return this;
  }

  public OidcProvider user(String name, String password, Map<String, Object> claims) {
    users.put(name, new User(password, claims));
    return this;
  }

  /** The user the authorization endpoint logs in (no login page). */
  public OidcProvider loginAs(String user) {
    loggedIn = user;
    return this;
  }

  /** Every answer waits this long first (a slow provider). */
  public OidcProvider delay(java.time.Duration d) {
    delayMillis = d.toMillis();
    return this;
  }

  public OidcProvider accessTokenSeconds(long seconds) {
    accessTokenSeconds = seconds;
    return this;
  }

  /** Replaces the signing key: the JWKS then lists only the new one. Returns the old key. */
  public RSAKey rotateKey() {
    RSAKey old = key;
    key = newKey();
    return old;
  }

  /** A fresh RSA key that the provider never publishes (for forged tokens). */
  public static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How often a path ({@code jwks}, {@code token}, {@code introspect}, {@code .well-known/openid-configuration}) was asked. */
  public int hits(String path) {
    return hits.computeIfAbsent(path, k -> new AtomicInteger()).get();
  }

  /** Standard access token claims for {@code sub}: iss, iat, exp from the provider's clock. */
  public JWTClaimsSet.Builder claims(String sub, long expiresInSeconds) {
    long now = clockMillis.getAsLong();
    return new JWTClaimsSet.Builder().issuer(issuer).subject(sub).issueTime(new Date(now))
        .expirationTime(new Date(now + expiresInSeconds * 1000)).jwtID(UUID.randomUUID().toString());
  }

  /** Signs with the provider's current key. */
  public String sign(JWTClaimsSet claims) {
    return signWith(key, claims);
  }

  /** Signs with any key (a key the provider does not publish makes a forged token). */
  public static String signWith(RSAKey with, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An opaque token that introspection describes with these claims. */
  public String opaqueToken(JWTClaimsSet claims) {
    String token = UUID.randomUUID().toString().replace("-", "");
    opaque.put(token, claims);
    return token;
  }

  public void revoke(String token) {
    opaque.remove(token);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath().substring("/realms/test/".length());
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    try (ex) {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis); // a virtual thread of this server, never the gateway's
      }
      HTTPResponse r = switch (path) {
        case ".well-known/openid-configuration" -> json(200, metadata().toJSONObject().toString());
        case "jwks" -> json(200, new JWKSet(key.toPublicJWK()).toString());
        case "authorize" -> authorize(ex);
        case "token" -> token(request(ex));
        case "introspect" -> introspect(request(ex));
        case "logout" -> json(200, "{\"logged_out\":true}");
        default -> json(404, "{}");
      };
      byte[] body = r.getBody() == null ? new byte[0] : r.getBody().getBytes(StandardCharsets.UTF_8);
      r.getHeaderMap().forEach((k, v) -> v.forEach(value -> ex.getResponseHeaders().add(k, value)));
      ex.sendResponseHeaders(r.getStatusCode(), body.length == 0 ? -1 : body.length);
      ex.getResponseBody().write(body);
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private OIDCProviderMetadata metadata() {
    OIDCProviderMetadata m = new OIDCProviderMetadata(new Issuer(issuer), List.of(SubjectType.PUBLIC), URI.create(issuer + "/jwks"));
    m.setAuthorizationEndpointURI(URI.create(issuer + "/authorize"));
    m.setTokenEndpointURI(URI.create(issuer + "/token"));
    m.setIntrospectionEndpointURI(URI.create(issuer + "/introspect"));
    m.setEndSessionEndpointURI(URI.create(issuer + "/logout"));
    m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    m.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
    m.applyDefaults();
    return m;
  }

  private static HTTPResponse json(int status, String body) throws Exception {
    HTTPResponse r = new HTTPResponse(status);
    r.setHeader("Content-Type", "application/json");
    r.setBody(body);
    return r;
  }

  private static HTTPRequest request(HttpExchange ex) throws Exception {
    HTTPRequest r = new HTTPRequest(HTTPRequest.Method.valueOf(ex.getRequestMethod()), ex.getRequestURI().isAbsolute()
        ? ex.getRequestURI() : URI.create("http://127.0.0.1" + ex.getRequestURI()));
    ex.getRequestHeaders().forEach((k, v) -> r.setHeader(k, v.toArray(String[]::new)));
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type != null) {
      r.setContentType(type);
    }
    r.setBody(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    return r;
  }

  private HTTPResponse authorize(HttpExchange ex) throws Exception {
    AuthenticationRequest a = AuthenticationRequest.parse(URI.create(issuer + "/authorize?" + ex.getRequestURI().getRawQuery()));
    if (!clients.containsKey(a.getClientID().getValue()) || !users.containsKey(loggedIn)) {
      return json(400, "{\"error\":\"invalid_request\"}");
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Code(a.getClientID().getValue(), a.getRedirectionURI(), loggedIn, a.getScope(),
        a.getNonce() == null ? null : a.getNonce().getValue(), a.getCodeChallenge(), a.getCodeChallengeMethod()));
    HTTPResponse r = new HTTPResponse(302);
    String sep = a.getRedirectionURI().getRawQuery() == null ? "?" : "&";
    r.setLocation(URI.create(a.getRedirectionURI() + sep + "code=" + code + "&state="
        + java.net.URLEncoder.encode(a.getState().getValue(), StandardCharsets.UTF_8)));
    return r;
  }

  /** The authenticated client's id, or null. */
  private String client(ClientAuthentication auth) {
    String secret = auth == null ? null : clients.get(auth.getClientID().getValue());
    String given = auth instanceof ClientSecretBasic b ? b.getClientSecret().getValue()
        : auth instanceof ClientSecretPost p ? p.getClientSecret().getValue() : null;
    return secret != null && secret.equals(given) ? auth.getClientID().getValue() : null;
  }

  private HTTPResponse token(HTTPRequest http) throws Exception {
    TokenRequest req = TokenRequest.parse(http);
    String client = client(req.getClientAuthentication());
    if (client == null) {
      return error(OAuth2Error.INVALID_CLIENT);
    }
    Scope scope = req.getScope() == null ? new Scope() : req.getScope();
    switch (req.getAuthorizationGrant()) {
      case AuthorizationCodeGrant g -> {
        Code c = codes.remove(g.getAuthorizationCode().getValue());
        if (c == null || !c.clientId().equals(client) || !c.redirect().equals(g.getRedirectionURI())) {
          return error(OAuth2Error.INVALID_GRANT);
        }
        if (c.challenge() != null && (g.getCodeVerifier() == null
            || !CodeChallenge.compute(c.method(), g.getCodeVerifier()).equals(c.challenge()))) {
          return error(OAuth2Error.INVALID_GRANT);
        }
        return issue(client, c.user(), c.scope(), c.nonce(), true);
      }
      case ResourceOwnerPasswordCredentialsGrant g -> {
        User u = users.get(g.getUsername());
        if (u == null || !u.password().equals(g.getPassword().getValue())) {
          return error(OAuth2Error.INVALID_GRANT);
        }
        return issue(client, g.getUsername(), scope, null, scope.contains("openid"));
      }
      case ClientCredentialsGrant g -> {
        return issue(client, null, scope, null, false);
      }
      case RefreshTokenGrant g -> {
        JWTClaimsSet r = refreshTokens.remove(g.getRefreshToken().getValue());
        if (r == null || !client.equals(r.getClaim("client"))) {
          return error(OAuth2Error.INVALID_GRANT);
        }
        return issue(client, (String) r.getClaim("user"), Scope.parse((String) r.getClaim("scope")), null, false);
      }
      default -> {
        return error(OAuth2Error.UNSUPPORTED_GRANT_TYPE);
      }
    }
  }

  private HTTPResponse issue(String client, String user, Scope scope, String nonce, boolean idToken) {
    Map<String, Object> extra = user == null ? Map.of() : users.get(user).claims();
    JWTClaimsSet.Builder access = claims(user == null ? client : user, accessTokenSeconds).audience(client)
        .claim("scope", scope.toString()).claim("client_id", client);
    extra.forEach(access::claim);
    String id = null;
    if (idToken && user != null) {
      JWTClaimsSet.Builder idClaims = claims(user, 300).audience(client);
      if (nonce != null) {
        idClaims.claim("nonce", nonce);
      }
      extra.forEach(idClaims::claim);
      id = sign(idClaims.build());
    }
    String refresh = null;
    if (user != null) {
      refresh = UUID.randomUUID().toString();
      refreshTokens.put(refresh, new JWTClaimsSet.Builder().claim("client", client).claim("user", user)
          .claim("scope", scope.toString()).build());
    }
    BearerAccessToken at = new BearerAccessToken(sign(access.build()), accessTokenSeconds, scope);
    RefreshToken rt = refresh == null ? null : new RefreshToken(refresh);
    if (id == null) {
      return new com.nimbusds.oauth2.sdk.AccessTokenResponse(new com.nimbusds.oauth2.sdk.token.Tokens(at, rt)).toHTTPResponse();
    }
    return new OIDCTokenResponse(new OIDCTokens(id, at, rt)).toHTTPResponse();
  }

  private static HTTPResponse error(ErrorObject e) {
    return new TokenErrorResponse(e).toHTTPResponse();
  }

  private HTTPResponse introspect(HTTPRequest http) throws Exception {
    TokenIntrospectionRequest req = TokenIntrospectionRequest.parse(http);
    if (client(req.getClientAuthentication()) == null) {
      return json(401, "{\"error\":\"invalid_client\"}");
    }
    JWTClaimsSet claims = opaque.get(req.getToken().getValue());
    if (claims == null || (claims.getExpirationTime() != null
        && claims.getExpirationTime().getTime() < clockMillis.getAsLong())) {
      return new TokenIntrospectionSuccessResponse.Builder(false).build().toHTTPResponse();
    }
    TokenIntrospectionSuccessResponse.Builder b = new TokenIntrospectionSuccessResponse.Builder(true);
    claims.getClaims().forEach((k, v) -> b.parameter(k, v instanceof Date d ? d.getTime() / 1000 : v));
    if (claims.getSubject() != null) {
      b.subject(new Subject(claims.getSubject()));
    }
    return b.build().toHTTPResponse();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
