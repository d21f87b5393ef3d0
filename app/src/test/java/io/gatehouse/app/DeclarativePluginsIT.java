package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.core.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB-less (Kong's {@code database = off}): a declarative file with plugins at every level and the
 * plugin-owned entities ({@code keyauth_credentials}, {@code basicauth_credentials},
 * {@code jwt_secrets}, {@code acls}, nested under consumers and at the top level) loaded with
 * {@code POST /config} and proxied through (reference plugins §1.5, core.declarative).
 */
class DeclarativePluginsIT {
  static final String ALICE_ID = "8f6bcd6b-3a44-4a61-9b4a-12a1f6d2b1a1";
  @TempDir Path prefix;

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String b64url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A token signed with the JDK (HmacSHA256 or SHA256withRSA), independently of the plugin. */
  static String token(String alg, String claims, Object key) throws Exception {
    String input = b64url(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8)) + "."
        + b64url(claims.getBytes(StandardCharsets.UTF_8));
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    byte[] sig;
    if (alg.equals("HS256")) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(((String) key).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      sig = mac.doFinal(data);
    } else {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(((KeyPair) key).getPrivate());
      s.update(data);
      sig = s.sign();
    }
    return input + "." + b64url(sig);
  }

  @Test
  void plugins_and_credentials_from_a_declarative_file_are_enforced() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
    try (WholeNode gw = new WholeNode(prefix, Map.of("database", "off"))) {
      String yaml = """
          _format_version: "3.0"
          plugins:
          - name: correlation-id
            config: {echo_downstream: true, header_name: X-Decl-Id}
          consumers:
          - username: alice
            id: %s
            keyauth_credentials:
            - key: alice-key
            basicauth_credentials:
            - username: alice
              password: alice-pw
            jwt_secrets:
            - key: alice-jwt
              secret: alice-jwt-secret
            - key: alice-rsa
              algorithm: RS256
              rsa_public_key: |
          %s
            acls:
            - group: gold
          - username: bob
          keyauth_credentials:
          - key: bob-key
            consumer: bob
          services:
          - name: echo
            url: %s
            routes:
            - name: keyauth
              paths: [/keyauth]
              plugins:
              - name: key-auth
                config: {hide_credentials: true}
            - name: basic
              paths: [/basic]
              plugins: [{name: basic-auth}]
            - name: jwt
              paths: [/jwt]
              plugins: [{name: jwt}]
            - name: acl
              paths: [/acl]
              plugins:
              - name: key-auth
              - name: acl
                config: {allow: [gold]}
            - name: blocked
              paths: [/blocked]
              plugins: [{name: ip-restriction, config: {deny: [127.0.0.1]}}]
          """.formatted(ALICE_ID, pem.indent(8).stripTrailing(), gw.upstream.url("/"));
      AdminClient.Resp loaded = gw.admin.raw("POST", "/config", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
      assertThat(loaded.status()).as(loaded.toString()).isEqualTo(201);

      HttpResponse<String> alice = gw.awaitStatus(200, "/keyauth", "apikey", "alice-key");
      var h = Json.parse(alice.body()).get("headers");
      assertThat(h.get("x-consumer-username").asText()).isEqualTo("alice");
      assertThat(h.get("x-consumer-id").asText()).isEqualTo(ALICE_ID);
      assertThat(h.has("apikey")).isFalse(); // hide_credentials
      assertThat(h.get("x-decl-id").asText()).isNotEmpty(); // the global plugin
      assertThat(alice.headers().firstValue("X-Decl-Id")).hasValue(h.get("x-decl-id").asText());
      assertThat(Json.parse(gw.get("/keyauth", "apikey", "bob-key").body()).at("/headers/x-consumer-username").asText())
          .isEqualTo("bob");
      assertThat(gw.get("/keyauth", "apikey", "nope").statusCode()).isEqualTo(401);

      // the plain password in the file was hashed on import
      assertThat(gw.get("/basic", "Authorization", basic("alice", "alice-pw")).statusCode()).isEqualTo(200);
      assertThat(gw.get("/basic", "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
      assertThat(gw.admin.get("/basic-auths/alice").json().get("password").asText()).isNotEqualTo("alice-pw");

      HttpResponse<String> hs = gw.get("/jwt", "Authorization", "Bearer " + token("HS256", "{\"iss\":\"alice-jwt\"}", "alice-jwt-secret"));
      assertThat(hs.statusCode()).as(hs.body()).isEqualTo(200);
      HttpResponse<String> rs = gw.get("/jwt", "Authorization", "Bearer " + token("RS256", "{\"iss\":\"alice-rsa\"}", rsa));
      assertThat(rs.statusCode()).as(rs.body()).isEqualTo(200);
      assertThat(Json.parse(rs.body()).at("/headers/x-credential-identifier").asText()).isEqualTo("alice-rsa");

      assertThat(Json.parse(gw.get("/acl", "apikey", "alice-key").body()).at("/headers/x-consumer-groups").asText())
          .isEqualTo("gold");
      assertThat(gw.get("/acl", "apikey", "bob-key").statusCode()).isEqualTo(403);
      assertThat(gw.get("/blocked").statusCode()).isEqualTo(403);

      // the read side of the Admin API sees the imported entities; writes are refused in DB-less mode
      assertThat(gw.admin.get("/key-auths/alice-key").status()).isEqualTo(200);
      assertThat(gw.admin.get("/consumers/alice/acls/gold").status()).isEqualTo(200);
      assertThat(gw.admin.get("/jwts/alice-rsa").json().get("algorithm").asText()).isEqualTo("RS256");
      assertThat(gw.admin.post("/consumers/alice/key-auth", "{}").status()).isEqualTo(405);
    }
  }

  @Test
  void kong_exported_legacy_basic_auth_hashes_load_untransformed() throws Exception {
    // what Kong stores: lower_hex(sha1(password .. consumer_id)), exported with _transform: false
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(("kong-pw" + ALICE_ID).getBytes(StandardCharsets.UTF_8)));
    try (WholeNode gw = new WholeNode(prefix, Map.of("database", "off"))) {
      String yaml = """
          _format_version: "3.0"
          _transform: false
          consumers:
          - username: alice
            id: %s
            basicauth_credentials:
            - username: alice
              password: %s
          services:
          - name: echo
            url: %s
            routes:
            - name: basic
              paths: [/basic]
              plugins: [{name: basic-auth}]
          """.formatted(ALICE_ID, hash, gw.upstream.url("/"));
      AdminClient.Resp loaded = gw.admin.raw("POST", "/config", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
      assertThat(loaded.status()).as(loaded.toString()).isEqualTo(201);
      gw.awaitStatus(200, "/basic", "Authorization", basic("alice", "kong-pw"));
      assertThat(gw.get("/basic", "Authorization", basic("alice", hash)).statusCode()).isEqualTo(401);
    }
  }
}
