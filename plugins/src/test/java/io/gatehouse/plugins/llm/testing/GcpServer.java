package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.plugins.testing.SelfSignedTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's side of a Vertex AI call: an OAuth2 token endpoint (plain HTTP) that checks the
 * RFC 7523 JWT-bearer assertion's RS256 signature with the service account's public key (Nimbus),
 * its issuer, audience, scope and lifetime, and hands out {@code ya29.test-N} tokens; and a Vertex
 * endpoint (HTTPS, self-signed) serving
 * {@code /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent} and
 * {@code :streamGenerateContent} to the last token issued only. {@link #serviceAccountJson} is a
 * fresh account whose {@code token_uri} points here.
 */
public final class GcpServer implements AutoCloseable {
  public static final String EMAIL = "gatehouse-test@proj-1.iam.gserviceaccount.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KeyPair keys;
  private final HttpServer tokens;
  private final HttpsServer vertex;
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> vertexPaths = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();

  public GcpServer() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      keys = g.generateKeyPair();
      tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      tokens.createContext("/token", this::token);
      tokens.start();
      vertex = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      vertex.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.context("us-central1-aiplatform.googleapis.com")));
      vertex.createContext("/", this::vertex);
      vertex.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A service-account key file as the GCP console issues it, with this server's token endpoint. */
  public String serviceAccountJson() {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Map<String, String> sa = new HashMap<>();
    sa.put("type", "service_account");
    sa.put("project_id", "proj-1");
    sa.put("private_key_id", "key-1");
    sa.put("private_key", pem);
    sa.put("client_email", EMAIL);
    sa.put("token_uri", tokenUri());
    try {
      return JSON.writeValueAsString(sa);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String tokenUri() {
    return "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token";
  }

  /** The Vertex endpoint as {@code options.gemini.api_endpoint}: host and port. */
  public String apiEndpoint() {
    return "127.0.0.1:" + vertex.getAddress().getPort();
  }

  /** How many access tokens the token endpoint issued. */
  public int tokensIssued() {
    return issued.get();
  }

  /** The paths of the Vertex calls that carried the current token. */
  public List<String> vertexPaths() {
    return vertexPaths;
  }

  /** Why token requests or Vertex calls were refused. */
  public List<String> refusals() {
    return refusals;
  }

  private void token(HttpExchange x) throws IOException {
    try (x) {
      Map<String, String> form = new HashMap<>();
      for (String pair : new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      String why = check(form);
      if (why != null) {
        refusals.add(why);
        ProviderServer.send(x, 400, JSON.createObjectNode().put("error", "invalid_grant").put("error_description", why));
        return;
      }
      ProviderServer.send(x, 200, JSON.createObjectNode().put("access_token", "ya29.test-" + issued.incrementAndGet())
          .put("expires_in", 3599).put("token_type", "Bearer"));
    }
  }

  /** Why the grant is refused, or null. */
  private String check(Map<String, String> form) {
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) return "grant_type " + form.get("grant_type");
    try {
      SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
      if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))) return "bad signature";
      var c = jwt.getJWTClaimsSet();
      if (!EMAIL.equals(c.getIssuer())) return "issuer " + c.getIssuer();
      if (!List.of(tokenUri()).equals(c.getAudience())) return "audience " + c.getAudience();
      if (!"https://www.googleapis.com/auth/cloud-platform".equals(c.getStringClaim("scope"))) return "scope";
      Date now = new Date();
      if (c.getExpirationTime() == null || c.getExpirationTime().before(now) || c.getIssueTime() == null
          || c.getExpirationTime().getTime() - c.getIssueTime().getTime() > 3_600_000) {
        return "lifetime";
      }
      if (!"key-1".equals(jwt.getHeader().getKeyID())) return "kid " + jwt.getHeader().getKeyID();
      return null;
    } catch (Exception e) {
      return "unreadable assertion: " + e.getMessage();
    }
  }

  private void vertex(HttpExchange x) throws IOException {
    try (x) {
      JsonNode body = JSON.readTree(x.getRequestBody().readAllBytes());
      String path = x.getRequestURI().getPath();
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer ya29.test-" + issued.get()).equals(auth)) {
        refusals.add("vertex auth " + auth);
        var e = JSON.createObjectNode();
        e.putObject("error").put("code", 401).put("message", "Request had invalid authentication credentials.")
            .put("status", "UNAUTHENTICATED");
        ProviderServer.send(x, 401, e);
        return;
      }
      boolean stream = path.endsWith(":streamGenerateContent");
      if (!path.matches("/v1/projects/[^/]+/locations/[^/]+/publishers/google/models/[^/:]+:(stream)?[gG]enerateContent")) {
        ProviderServer.send(x, 404, JSON.createObjectNode().put("error", "no such operation " + path));
        return;
      }
      vertexPaths.add(path);
      GeminiWire.answer(x, body, stream, () -> {});
    }
  }

  @Override
  public void close() {
    tokens.stop(0);
    vertex.stop(0);
  }
}
