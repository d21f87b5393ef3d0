package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.entity.Pem;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.TestPki;
import io.gatehouse.proxy.tls.PemKeyPair;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 16's declarative round trip: a kong.yml with every credential type and entity the issue added
 * (keyauth, basicauth, hmacauth, jwt_secrets, oauth2_credentials, acls, mtls_auth_credentials,
 * ca_certificates, key_sets, keys as JWK and PEM) goes into node A with {@code gatehouse config sync}
 * (a separate process), comes out with {@code config dump}, goes into a fresh node B with
 * {@code config sync}, and every credential still authenticates through B's proxy. Then decK: {@code deck
 * dump} from A, {@code deck sync} into a fresh node C, {@code deck diff} finds no change, and the
 * credentials decK knows authenticate on C (Debian's decK 1.4.0 predates key_sets/keys, see
 * docs/plugins.md). Clients sign with the JDK (Mac, Signature), independently of the plugins.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuthRoundTripIT {
  static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
  static final String CA_ID = "6f1b3b4e-34bd-4ac6-9d0c-2d9e0c0f5a13";
  static final KeyPair RSA_JWK = rsa();
  static final KeyPair RSA_PEM = rsa();
  static final KeyPair RSA_JWT = rsa();
  static final TestPki.Authority ROOT = TestPki.root("Round Trip Root");
  /** Each node: plain HTTP first, then TLS for mtls-auth (the node's generated default certificate). */
  static final Map<String, String> SETTINGS = Map.of("trusted_ips", "127.0.0.1", "proxy_listen", "127.0.0.1:0, 127.0.0.1:0 ssl");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static KeyPair rsa() {
    try {
      return KeyPairGenerator.getInstance("RSA").generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file: one route per plugin on node A's echo upstream, the credentials nested under consumers. */
  static String kongYml(String upstream) {
    String ca = ROOT.certificatePem();
    return """
        _format_version: "3.0"
        ca_certificates:
        - {id: %s, cert: %s}
        key_sets:
        - {name: idp}
        keys:
        - {name: rsa-jwk, kid: rsa-jwk, set: {name: idp}, jwk: %s}
        - {name: rsa-pem, kid: rsa-pem, set: {name: idp}, pem: {public_key: %s}}
        consumers:
        - username: alice
          keyauth_credentials:
          - {key: alice-key}
          basicauth_credentials:
          - {username: alice, password: alice-pw}
          hmacauth_credentials:
          - {username: alice-hmac, secret: alice-hmac-secret}
          jwt_secrets:
          - {key: alice-hs, secret: alice-jwt-secret}
          - {key: alice-rs, algorithm: RS256, rsa_public_key: %s}
          oauth2_credentials:
          - {name: app, client_id: app-id, client_secret: app-secret, redirect_uris: ["https://app.test/cb"]}
          acls:
          - {group: gold}
          mtls_auth_credentials:
          - {subject_name: device.example, ca_certificate: {id: %s}}
        - username: bob
          keyauth_credentials:
          - {key: bob-key}
        services:
        - name: echo
          url: %s
          routes:
          - {name: ka, paths: [/ka], plugins: [{name: key-auth}]}
          - {name: ba, paths: [/ba], plugins: [{name: basic-auth}]}
          - {name: hm, paths: [/hm], plugins: [{name: hmac-auth, config: {enforce_headers: [x-date, request-line]}}]}
          - {name: jw, paths: [/jw], plugins: [{name: jwt}]}
          - {name: jks, paths: [/jks], plugins: [{name: jwt, config: {key_sets: [idp]}}]}
          - name: acl
            paths: [/acl]
            plugins: [{name: key-auth}, {name: acl, config: {allow: [gold]}}]
          - name: oa
            paths: [/oa]
            plugins: [{name: oauth2, config: {enable_client_credentials: true, accept_http_if_already_terminated: true}}]
          - {name: mt, paths: [/mt], plugins: [{name: mtls-auth, config: {ca_certificates: [%s]}}]}
        """.formatted(CA_ID, q(ca), q(jwk("rsa-jwk", RSA_JWK)), q(pem(RSA_PEM)), q(pem(RSA_JWT)), CA_ID, upstream, CA_ID);
  }

  @Test
  void every_new_credential_survives_dump_and_sync_into_a_fresh_node_and_decks_round_trip() throws Exception {
    CliProcess cli = new CliProcess(dir);
    try (WholeNode a = new WholeNode(dir.resolve("a"), SETTINGS); WholeNode b = new WholeNode(dir.resolve("b"), SETTINGS);
        WholeNode c = new WholeNode(dir.resolve("c"), SETTINGS)) {
      Path file = dir.resolve("kong.yml");
      Files.writeString(file, kongYml(a.upstream.url("/")));
      assertThat(inJvm("config", "sync", file.toString(), "--admin-url", a.admin.base())).isZero();
      authenticates(a, true);

      // gatehouse config dump | config sync, both as a user runs them (a JVM of their own)
      Path dump = dir.resolve("dump.yml");
      CliProcess.Result dumped = cli.run(Map.of(), "config", "dump", "--admin-url", a.admin.base(), "-o", dump.toString());
      assertThat(dumped.exit()).as(dumped.toString()).isZero();
      assertThat(Files.readString(dump)).contains("hmacauth_credentials:", "jwt_secrets:", "basicauth_credentials:",
          "keyauth_credentials:", "oauth2_credentials:", "acls:", "mtls_auth_credentials:", "key_sets:", "keys:",
          "ca_certificates:", "subject_name: device.example");
      CliProcess.Result sync = cli.run(Map.of(), "config", "sync", dump.toString(), "--admin-url", b.admin.base());
      assertThat(sync.exit()).as(sync.toString()).isZero();
      StringWriter diff = new StringWriter();
      assertThat(inJvm(diff, "config", "diff", dump.toString(), "--admin-url", b.admin.base())).isZero();
      assertThat(diff.toString().strip()).isEqualTo("no changes");
      authenticates(b, true);

      // decK (Debian's 1.4.0): dump from A, sync into C, diff finds nothing; it predates key_sets/keys
      Path deckFile = dir.resolve("deck.yaml");
      deck("dump", "--with-id", "--kong-addr", a.admin.base(), "-o", deckFile.toString());
      String deckYaml = Files.readString(deckFile);
      assertThat(deckYaml).contains("hmacauth_credentials:", "jwt_secrets:", "basicauth_credentials:", "keyauth_credentials:",
          "oauth2_credentials:", "acls:", "mtls_auth_credentials:", "ca_certificates:").doesNotContain("\nkey_sets:", "\nkeys:", "rsa-pem");
      deck("sync", "-s", deckFile.toString(), "--kong-addr", c.admin.base());
      assertThat(deck("diff", "-s", deckFile.toString(), "--kong-addr", c.admin.base()))
          .contains("Created: 0", "Updated: 0", "Deleted: 0");
      assertThat(c.admin.get("/key-sets").json().get("data")).isEmpty();
      authenticates(c, false);
    }
  }

  /** The command line in this JVM (setting up and checking; the round trip itself runs in its own process). */
  static int inJvm(String... args) {
    return inJvm(new StringWriter(), args);
  }

  static int inJvm(StringWriter out, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args);
    assertThat(status).as(String.join(" ", args) + ": " + err).isZero();
    return status;
  }

  /** Runs Debian's {@code deck} (package {@code deck}); fails with its output when it does not exit 0. */
  String deck(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("deck"));
    cmd.addAll(List.of(args));
    cmd.add("--no-color");
    Path out = Files.createTempFile(dir, "deck", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("HOME", dir.toString()); // no ~/.deck.yaml of the user's
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("deck " + args[0] + " finished").isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as("deck " + String.join(" ", args) + "\n" + text).isZero();
    return text;
  }

  /**
   * Every credential of the file opens its route on {@code gw}'s proxy; a wrong one does not. Without
   * {@code keySets} (decK's copy) the key-set route must refuse even a good token: its keys are missing.
   */
  void authenticates(WholeNode gw, boolean keySets) {
    // a sync writes entity by entity and the proxy's snapshot follows the store shortly after,
    // so the whole set of checks is retried until it passes together (or the time is up)
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(200))
        .untilAsserted(() -> authenticatesNow(gw, keySets));
  }

  private void authenticatesNow(WholeNode gw, boolean keySets) throws Exception {
    String base = "http://127.0.0.1:" + gw.node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    assertThat(consumer(get(base + "/ka", "apikey", "alice-key"))).isEqualTo("alice");
    assertThat(get(base + "/ka", "apikey", "nope").statusCode()).isEqualTo(401);
    assertThat(consumer(get(base + "/ba", "Authorization", basic("alice", "alice-pw")))).isEqualTo("alice");
    assertThat(get(base + "/ba", "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);

    String date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    assertThat(consumer(get(base + "/hm", "X-Date", date, "Authorization", hmac("alice-hmac-secret", date, "/hm"))))
        .isEqualTo("alice");
    assertThat(get(base + "/hm", "X-Date", date, "Authorization", hmac("wrong", date, "/hm")).statusCode()).isEqualTo(401);

    assertThat(consumer(get(base + "/jw", "Authorization", "Bearer " + hs256("alice-hs", "alice-jwt-secret")))).isEqualTo("alice");
    assertThat(consumer(get(base + "/jw", "Authorization", "Bearer " + rs256(RSA_JWT, null, "alice-rs")))).isEqualTo("alice");
    assertThat(get(base + "/jw", "Authorization", "Bearer " + hs256("alice-hs", "forged")).statusCode()).isEqualTo(401);
    for (var k : Map.of("rsa-jwk", RSA_JWK, "rsa-pem", RSA_PEM).entrySet()) {
      HttpResponse<String> r = get(base + "/jks", "Authorization", "Bearer " + rs256(k.getValue(), k.getKey(), "https://idp.test"));
      assertThat(r.statusCode()).as(k.getKey() + " " + r.body()).isEqualTo(keySets ? 200 : 401);
    }
    assertThat(get(base + "/jks", "Authorization", "Bearer " + rs256(RSA_JWT, "rsa-jwk", "https://idp.test")).statusCode())
        .isEqualTo(401);

    assertThat(get(base + "/acl", "apikey", "alice-key").statusCode()).isEqualTo(200);
    assertThat(get(base + "/acl", "apikey", "bob-key").statusCode()).isEqualTo(403);

    HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/oa/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=app-id&client_secret=app-secret"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String access = Json.parse(token.body()).get("access_token").asText();
    assertThat(consumer(get(base + "/oa", "Authorization", "Bearer " + access, "X-Forwarded-Proto", "https"))).isEqualTo("alice");

    int tlsPort = gw.node.component(ProxyServer.class).orElseThrow().boundTlsAddresses().getFirst().getPort();
    PemKeyPair device = ROOT.client("device.example", List.of(), null, Instant.now().minus(Duration.ofHours(1)),
        Instant.now().plus(Duration.ofDays(1))).pair();
    assertThat(consumer(tlsGet(tlsPort, device, "/mt"))).isEqualTo("alice");
    assertThat(tlsGet(tlsPort, null, "/mt").statusCode()).isEqualTo(401);
  }

  /** A GET over TLS presenting {@code cert} (null: none); the node's own certificate is not checked. */
  static HttpResponse<String> tlsGet(int port, PemKeyPair cert, String path) throws Exception {
    KeyManagerFactory keys = null;
    if (cert != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      Certificate[] chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(cert.certificateChain().getBytes(StandardCharsets.US_ASCII)))
          .toArray(Certificate[]::new);
      store.setKeyEntry("client", Pem.privateKey(cert.privateKey()), new char[0], chain);
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, new char[0]);
    }
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys == null ? null : keys.getKeyManagers(), InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    try (HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build()) {
      return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  HttpResponse<String> get(String url, String... headers) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).headers(headers).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String consumer(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(200);
    return Json.parse(r.body()).at("/headers/x-consumer-username").asText();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Kong's hmac-auth signature over x-date and the request line (hmac-sha256). */
  static String hmac(String secret, String date, String path) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = Base64.getEncoder().encodeToString(
        mac.doFinal(("x-date: " + date + "\nGET " + path + " HTTP/1.1").getBytes(StandardCharsets.UTF_8)));
    return "hmac username=\"alice-hmac\", algorithm=\"hmac-sha256\", headers=\"x-date request-line\", signature=\"" + signature + "\"";
  }

  static String hs256(String iss, String secret) throws Exception {
    String input = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url("{\"iss\":\"" + iss + "\"}");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return input + "." + b64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  static String rs256(KeyPair keys, String kid, String iss) throws Exception {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
    String input = b64url(header) + "." + b64url("{\"iss\":\"" + iss + "\",\"sub\":\"someone\"}");
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(keys.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64url(s.sign());
  }

  static String b64url(String s) {
    return b64url(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String pem(KeyPair keys) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  static String jwk(String kid, KeyPair keys) {
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"n\":\"" + b64url(unsigned(pub.getModulus()))
        + "\",\"e\":\"" + b64url(unsigned(pub.getPublicExponent())) + "\"}";
  }

  static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /** A YAML double-quoted scalar (JSON strings are valid YAML). */
  static String q(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
