package io.gatehouse.plugins.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.core.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A GCP service account (Kong's {@code auth.gcp_use_service_account}, for Vertex AI): trades a JWT
 * signed with the account's key for an OAuth2 access token at the JSON's {@code token_uri}
 * (RFC 7523 JWT-bearer grant, scope {@code cloud-platform}) and keeps the token until a minute
 * before it expires. One instance per service-account JSON, shared by every plugin using it;
 * concurrent requests wait for the same token request. Never blocks: the exchange is async.
 */
public final class GcpServiceAccount {
  /** Kong's environment variable for the service-account JSON when the config has none. */
  public static final String ENV = "GCP_SERVICE_ACCOUNT";
  private static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Duration MARGIN = Duration.ofSeconds(60);
  private static final Map<String, GcpServiceAccount> BY_JSON = new ConcurrentHashMap<>();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String email;
  private final @Nullable String keyId;
  private final PrivateKey key;
  private final URI tokenUri;
  private @Nullable Token token;
  private @Nullable CompletableFuture<String> pending;

  private record Token(String value, long refreshAtMillis) {}

  private GcpServiceAccount(String json) {
    JsonNode sa;
    try {
      sa = Json.parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the GCP service account JSON is not valid JSON");
    }
    this.email = required(sa, "client_email");
    this.keyId = Json.text(sa, "private_key_id");
    this.key = privateKey(required(sa, "private_key"));
    String uri = Json.text(sa, "token_uri");
    this.tokenUri = URI.create(uri != null ? uri : "https://oauth2.googleapis.com/token");
  }

  /** The account of a service-account JSON (parsed once); IllegalArgumentException when it is unusable. */
  public static GcpServiceAccount of(String json) {
    return BY_JSON.computeIfAbsent(json, GcpServiceAccount::new);
  }

  /** The account of the config's JSON, else of {@value #ENV}; IllegalStateException when neither is set. */
  public static GcpServiceAccount of(LlmConfig.Auth auth) {
    String json = auth.gcpServiceAccountJson() != null ? auth.gcpServiceAccountJson() : System.getenv(ENV);
    if (json == null || json.isBlank()) {
      throw new IllegalStateException("gcp_use_service_account is set but neither gcp_service_account_json nor " + ENV + " is");
    }
    return of(json);
  }

  /** Whether requests to this model use a service account: gemini with {@code gcp_use_service_account}, as Kong. */
  public static boolean used(LlmConfig.Model model, LlmConfig.@Nullable Auth auth) {
    return "gemini".equals(model.provider()) && auth != null && Boolean.TRUE.equals(auth.gcpUseServiceAccount());
  }

  /** A valid access token: the cached one, or a new one from the token endpoint. */
  public synchronized CompletionStage<String> accessToken() {
    if (token != null && System.currentTimeMillis() < token.refreshAtMillis()) {
      return CompletableFuture.completedFuture(token.value());
    }
    if (pending != null) return pending;
    CompletableFuture<String> fetch = fetch();
    pending = fetch;
    fetch.whenComplete((t, e) -> {
      synchronized (this) {
        pending = null;
      }
    });
    return fetch;
  }

  private CompletableFuture<String> fetch() {
    long now = System.currentTimeMillis();
    String form = "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8) + "&assertion=" + assertion(now);
    HttpRequest request = HttpRequest.newBuilder(tokenUri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GCP token endpoint " + tokenUri + " answered " + r.statusCode() + ": " + r.body());
      }
      JsonNode body = Json.parse(r.body());
      String value = Json.text(body, "access_token");
      if (value == null) throw new IllegalStateException("GCP token endpoint " + tokenUri + " sent no access_token");
      long lifetime = Json.longValue(body, "expires_in", 3600) * 1000;
      long refreshAt = now + Math.max(lifetime / 2, lifetime - MARGIN.toMillis());
      synchronized (this) {
        token = new Token(value, refreshAt);
      }
      return value;
    });
  }

  /** The signed JWT: this account asks for the cloud-platform scope at the token endpoint, for an hour. */
  private String assertion(long nowMillis) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(email).audience(tokenUri.toString()).claim("scope", SCOPE)
        .issueTime(new Date(nowMillis)).expirationTime(new Date(nowMillis + 3_600_000)).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the GCP token request: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  private static String required(JsonNode sa, String field) {
    String v = Json.text(sa, field);
    if (v == null || v.isBlank()) throw new IllegalArgumentException("the GCP service account JSON has no " + field);
    return v;
  }

  /** The account's PKCS#8 PEM key ({@code -----BEGIN PRIVATE KEY-----}), as Google issues them. */
  private static PrivateKey privateKey(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalArgumentException("the GCP service account's private_key is not a PKCS#8 RSA key");
    }
  }
}
