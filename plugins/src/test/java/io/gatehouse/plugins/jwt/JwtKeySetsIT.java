package io.gatehouse.plugins.jwt;

import static io.gatehouse.plugins.jwt.TestTokens.b64url;
import static io.gatehouse.plugins.jwt.TestTokens.hs256;
import static io.gatehouse.plugins.jwt.TestTokens.signed;
import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jwt's {@code key_sets} (a Gatehouse addition; Kong 3.9's jwt reads only jwt_secrets): keys of
 * Kong's {@code key_sets}/{@code keys} entities, JWK and PEM, verify tokens by {@code kid}, with
 * Kong's messages; jwt_secrets keep Kong's behaviour. Tokens are signed by jjwt, JWKs written here
 * from the JDK's keys.
 */
class JwtKeySetsIT {
  static PluginGateway gw;
  static ObjectNode bob;
  static ObjectNode idp;
  static final KeyPair RSA = TestTokens.keys("RS256");
  static final KeyPair RSA_NEXT = TestTokens.keys("RS256");
  static final KeyPair EC = TestTokens.keys("ES256");
  static final KeyPair ED = TestTokens.keys("Ed25519");
  static final KeyPair OTHER = TestTokens.keys("RS256");
  static final KeyPair FORGER = TestTokens.keys("RS256");
  static final Map<String, Object> CLAIMS = Map.of("iss", "https://idp.test", "sub", "someone");

  /** An RSA public JWK, built by hand from the JDK's key (RFC 7518 §6.3.1). */
  static String rsaJwk(String kid, KeyPair k, String alg) {
    RSAPublicKey pub = (RSAPublicKey) k.getPublic();
    return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"," + (alg == null ? "" : "\"alg\":\"" + alg + "\",")
        + "\"n\":\"" + b64url(unsigned(pub.getModulus())) + "\",\"e\":\"" + b64url(unsigned(pub.getPublicExponent())) + "\"}";
  }

  /** An Ed25519 JWK: {@code x} is the raw key, the last 32 bytes of its X.509 encoding (RFC 8410, 8037). */
  static String edJwk(String kid, KeyPair k) {
    byte[] spki = k.getPublic().getEncoded();
    return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"" + kid + "\",\"x\":\""
        + b64url(Arrays.copyOfRange(spki, spki.length - 32, spki.length)) + "\"}";
  }

  static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static ObjectNode key(ObjectNode set, String kid, String material) {
    return gw.insert("keys", "{\"kid\":\"" + kid + "\"," + material + ",\"set\":{\"id\":\"" + id(set) + "\"}}");
  }

  static String jwk(String json) {
    return "\"jwk\":" + Json.MAPPER.valueToTree(json);
  }

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    bob = gw.consumer("bob");
    gw.consumer("guest");
    gw.insert("jwt_secrets", "{\"key\":\"bob-key\",\"secret\":\"bob-secret\"," + ref("consumer", bob) + "}");
    idp = gw.insert("key_sets", "{\"name\":\"idp\"}");
    ObjectNode other = gw.insert("key_sets", "{\"name\":\"other\"}");
    key(idp, "rsa-1", jwk(rsaJwk("rsa-1", RSA, "RS256")));
    key(idp, "ec-1", "\"pem\":{\"public_key\":" + Json.MAPPER.valueToTree(TestTokens.pem(EC.getPublic())) + "}");
    key(idp, "ed-1", jwk(edJwk("ed-1", ED)));
    key(other, "other-1", jwk(rsaJwk("other-1", OTHER, null)));

    gw.plugin("jwt", "{\"key_sets\":[\"idp\"]}", ref("route", gw.serviceAndRoute("/ks")));
    gw.plugin("jwt", "{\"key_sets\":[\"idp\",\"" + id(other) + "\"]}", ref("route", gw.serviceAndRoute("/ks-both")));
    gw.plugin("jwt", "{}", ref("route", gw.serviceAndRoute("/plain")));
    gw.plugin("jwt", "{\"key_sets\":[\"idp\"],\"claims_to_verify\":[\"exp\"]}", ref("route", gw.serviceAndRoute("/ks-exp")));
    gw.plugin("jwt", "{\"key_sets\":[\"idp\"],\"anonymous\":\"guest\"}", ref("route", gw.serviceAndRoute("/ks-anon")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static HttpResponse<String> call(String path, String token) {
    return gw.get(path, "Authorization", "Bearer " + token);
  }

  static void invalid(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo(message);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void a_key_of_a_listed_set_verifies_by_kid_jwk_and_pem() {
    for (String[] c : new String[][] {{"RS256", "rsa-1"}, {"ES256", "ec-1"}, {"EdDSA", "ed-1"}}) {
      KeyPair keys = c[1].startsWith("rsa") ? RSA : c[1].startsWith("ec") ? EC : ED;
      HttpResponse<String> r = call("/ks", signed(c[0], keys, c[1], CLAIMS));
      assertThat(r.statusCode()).as(c[0] + " " + r.body()).isEqualTo(200);
      JsonNode h = upstreamHeaders(r);
      assertThat(h.get("x-credential-identifier").asText()).isEqualTo("https://idp.test");
      assertThat(h.has("x-consumer-id")).as("a key maps to no consumer").isFalse();
      assertThat(h.has("x-anonymous-consumer")).isFalse();
    }
  }

  @Test
  void without_key_sets_jwt_is_kongs() {
    invalid(call("/plain", signed("RS256", RSA, "rsa-1", CLAIMS)), "No credentials found for given 'iss'");
  }

  @Test
  void only_listed_sets_count_and_kid_must_match() {
    invalid(call("/ks", signed("RS256", OTHER, "other-1", CLAIMS)), "No credentials found for given 'iss'");
    assertThat(call("/ks-both", signed("RS256", OTHER, "other-1", CLAIMS)).statusCode()).as("listed by id").isEqualTo(200);
    invalid(call("/ks", signed("RS256", RSA, null, CLAIMS)), "No credentials found for given 'iss'");
    invalid(call("/ks", signed("RS256", RSA, "unknown", CLAIMS)), "No credentials found for given 'iss'");
    invalid(call("/ks", signed("RS256", RSA, "rsa-1", Map.of("sub", "x"))), "No mandatory 'iss' in claims");
  }

  @Test
  void forged_signatures_and_other_algorithms_are_refused() {
    invalid(call("/ks", signed("RS256", FORGER, "rsa-1", CLAIMS)), "Invalid signature");
    invalid(call("/ks", signed("RS384", RSA, "rsa-1", CLAIMS)), "Invalid algorithm"); // the JWK says RS256
    invalid(call("/ks", signed("RS256", RSA, "ec-1", CLAIMS)), "Invalid algorithm"); // an EC key
    // an HS256 token naming a key-set kid: no key there is symmetric (the public key is no HMAC secret)
    String hs = TestTokens.hmac("HS256", "k".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", "{\"iss\":\"https://idp.test\"}");
    invalid(call("/ks", hs), "Invalid algorithm");
  }

  @Test
  void claims_are_checked_as_for_secrets() {
    long past = System.currentTimeMillis() / 1000 - 60;
    HttpResponse<String> r = call("/ks-exp", signed("RS256", RSA, "rsa-1", Map.of("iss", "https://idp.test", "exp", past)));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.parse(r.body()).get("exp").asText()).isEqualTo("token expired");
    long future = System.currentTimeMillis() / 1000 + 600;
    assertThat(call("/ks-exp", signed("RS256", RSA, "rsa-1", Map.of("iss", "https://idp.test", "exp", future)))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void jwt_secrets_still_win_and_anonymous_still_applies() {
    HttpResponse<String> r = call("/ks", hs256("bob-secret", "{\"iss\":\"bob-key\"}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-consumer-username").asText()).isEqualTo("bob");
    HttpResponse<String> anon = call("/ks-anon", signed("RS256", FORGER, "rsa-1", CLAIMS));
    assertThat(anon.statusCode()).isEqualTo(200);
    assertThat(upstreamHeaders(anon).get("x-consumer-username").asText()).isEqualTo("guest");
    HttpResponse<String> keyed = call("/ks-anon", signed("RS256", RSA, "rsa-1", CLAIMS));
    assertThat(upstreamHeaders(keyed).has("x-anonymous-consumer")).isFalse();
  }

  @Test
  void a_key_added_to_the_set_is_used_from_the_next_configuration() {
    String token = signed("RS256", RSA_NEXT, "rsa-2", CLAIMS);
    invalid(call("/ks", token), "No credentials found for given 'iss'");
    key(idp, "rsa-2", jwk(rsaJwk("rsa-2", RSA_NEXT, null)));
    gw.apply();
    assertThat(call("/ks", token).statusCode()).isEqualTo(200);
    assertThat(call("/ks", signed("PS256", RSA_NEXT, "rsa-2", CLAIMS)).statusCode()).as("no alg: any RSA algorithm")
        .isEqualTo(200);
  }
}
