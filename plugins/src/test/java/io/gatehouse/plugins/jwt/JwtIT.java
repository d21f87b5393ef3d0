package io.gatehouse.plugins.jwt;

import static io.gatehouse.plugins.jwt.TestTokens.hs256;
import static io.gatehouse.plugins.jwt.TestTokens.hmac;
import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jwt against a real proxy, pinning the cases of Kong's spec/03-plugins/16-jwt (reference plugins
 * §5). Every token is signed by the JDK or jjwt, never by the plugin's own code.
 */
class JwtIT {
  static final String[] ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"};
  static PluginGateway gw;
  static ObjectNode bob;
  static ObjectNode bobSecret;
  static final Map<String, KeyPair> KEYS = new LinkedHashMap<>();
  static final String B64_SECRET_RAW = "a secret that is stored base64-encoded";

  static String secretJson(ObjectNode consumer, String fields) {
    return "{" + fields + "," + ref("consumer", consumer) + "}";
  }

  static String pemField(KeyPair keys) {
    return "\"rsa_public_key\":" + Json.MAPPER.valueToTree(TestTokens.pem(keys.getPublic()));
  }

  @BeforeAll
  static void start() {
    gw = new PluginGateway();
    bob = gw.consumer("bob");
    gw.consumer("guest");
    bobSecret = gw.insert("jwt_secrets", secretJson(bob, "\"key\":\"bob-key\",\"secret\":\"bob-secret\""));
    for (String alg : new String[] {"HS384", "HS512"}) {
      gw.insert("jwt_secrets", secretJson(bob, "\"key\":\"key-" + alg + "\",\"secret\":\"s-" + alg + "\",\"algorithm\":\"" + alg + "\""));
    }
    for (String alg : ASYMMETRIC) {
      KeyPair k = TestTokens.keys(alg);
      KEYS.put(alg, k);
      gw.insert("jwt_secrets", secretJson(bob, "\"key\":\"key-" + alg + "\",\"algorithm\":\"" + alg + "\"," + pemField(k)));
    }
    for (String curve : new String[] {"Ed25519", "Ed448"}) {
      KeyPair k = TestTokens.keys(curve);
      KEYS.put(curve, k);
      gw.insert("jwt_secrets", secretJson(bob, "\"key\":\"key-" + curve + "\",\"algorithm\":\"EdDSA\"," + pemField(k)));
    }
    String b64 = Base64.getEncoder().encodeToString(B64_SECRET_RAW.getBytes(StandardCharsets.UTF_8));
    gw.insert("jwt_secrets", secretJson(bob, "\"key\":\"b64-key\",\"secret\":\"" + b64 + "\""));
    // ES256 without a public key passes the entity check (as in Kong) and fails at run time
    gw.insert("jwt_secrets", secretJson(bob, "\"key\":\"es-nokey\",\"algorithm\":\"ES256\""));

    gw.plugin("jwt", "{}", ref("route", gw.serviceAndRoute("/jwt")));
    gw.plugin("jwt", "{\"realm\":\"kong\"}", ref("route", gw.serviceAndRoute("/realm")));
    gw.plugin("jwt", "{\"run_on_preflight\":false}", ref("route", gw.serviceAndRoute("/preflight")));
    gw.plugin("jwt", "{\"cookie_names\":[\"crumble\",\"silly\"]}", ref("route", gw.serviceAndRoute("/cookie")));
    gw.plugin("jwt", "{\"header_names\":[\"CustomAuthorization\"],\"uri_param_names\":[\"token\"]}",
        ref("route", gw.serviceAndRoute("/custom")));
    gw.plugin("jwt", "{\"key_claim_name\":\"aud\"}", ref("route", gw.serviceAndRoute("/aud")));
    gw.plugin("jwt", "{\"key_claim_name\":\"kid\"}", ref("route", gw.serviceAndRoute("/kid")));
    gw.plugin("jwt", "{\"secret_is_base64\":true}", ref("route", gw.serviceAndRoute("/b64")));
    gw.plugin("jwt", "{\"claims_to_verify\":[\"nbf\",\"exp\"]}", ref("route", gw.serviceAndRoute("/claims")));
    gw.plugin("jwt", "{\"claims_to_verify\":[\"exp\"],\"maximum_expiration\":300}", ref("route", gw.serviceAndRoute("/maxexp")));
    gw.plugin("jwt", "{\"anonymous\":\"guest\"}", ref("route", gw.serviceAndRoute("/anon")));
    gw.plugin("jwt", "{\"anonymous\":\"nobody\"}", ref("route", gw.serviceAndRoute("/anon-missing")));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static String bobToken() {
    return hs256("bob-secret", "{\"iss\":\"bob-key\",\"name\":\"bob\"}");
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static void assertRejected(HttpResponse<String> r, String body, String challenge) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
  }

  static void assertInvalid(HttpResponse<String> r, String message) {
    assertRejected(r, "{\"message\":\"" + message + "\"}", "Bearer error=\"invalid_token\"");
  }

  @Test
  void no_token_is_401_unauthorized_with_a_bare_bearer_challenge() {
    assertRejected(gw.get("/jwt"), "{\"message\":\"Unauthorized\"}", "Bearer");
    assertRejected(gw.get("/jwt", "Authorization", "Basic Ym9iOmtvbmc="), "{\"message\":\"Unauthorized\"}", "Bearer");
    assertRejected(gw.get("/jwt?jwt="), "{\"message\":\"Unauthorized\"}", "Bearer");
    // the exit body carries no request_id (kong.response.exit)
    assertThat(gw.get("/jwt").body()).doesNotContain("request_id");
  }

  @Test
  void realm_goes_into_both_challenges() {
    assertRejected(gw.get("/realm"), "{\"message\":\"Unauthorized\"}", "Bearer realm=\"kong\"");
    assertRejected(gw.get("/realm", "Authorization", bearer(hs256("x", "{\"iss\":\"nobody\"}"))),
        "{\"message\":\"No credentials found for given 'iss'\"}", "Bearer realm=\"kong\", error=\"invalid_token\"");
  }

  @Test
  void preflight_is_authenticated_unless_run_on_preflight_is_off() {
    HttpResponse<String> r = gw.send("OPTIONS", "/jwt");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    assertThat(gw.send("OPTIONS", "/preflight").statusCode()).isEqualTo(200);
    assertThat(gw.get("/preflight").statusCode()).isEqualTo(401);
  }

  @Test
  void a_valid_token_in_the_header_reaches_the_upstream_with_consumer_headers() {
    String token = bobToken();
    HttpResponse<String> r = gw.get("/jwt", "Authorization", bearer(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode h = upstreamHeaders(r);
    assertThat(h.get("authorization").asText()).isEqualTo("Bearer " + token); // jwt has no hide_credentials
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("bob");
    assertThat(h.get("x-consumer-id").asText()).isEqualTo(id(bob));
    assertThat(h.get("x-credential-identifier").asText()).isEqualTo("bob-key");
    assertThat(h.has("x-anonymous-consumer")).isFalse();
    // lower-case scheme and extra spaces are accepted
    assertThat(gw.get("/jwt", "Authorization", "  bearer   " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void a_valid_token_in_the_query_is_accepted() {
    assertThat(gw.get("/jwt?jwt=" + bobToken()).statusCode()).isEqualTo(200);
    assertThat(gw.get("/custom?token=" + bobToken()).statusCode()).isEqualTo(200);
    assertThat(gw.get("/custom?jwt=" + bobToken()).statusCode()).isEqualTo(401);
  }

  @Test
  void custom_and_duplicated_headers() {
    assertThat(gw.get("/custom", "CustomAuthorization", bearer(bobToken())).statusCode()).isEqualTo(200);
    assertThat(gw.get("/custom", "Authorization", bearer(bobToken())).statusCode()).isEqualTo(401);
    // a duplicated header: the first one counts
    assertThat(gw.get("/custom", "CustomAuthorization", bearer(bobToken()), "CustomAuthorization", "Bearer garbage")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void cookies() {
    assertThat(gw.get("/cookie", "Cookie", "crumble=" + bobToken() + "; path=/").statusCode()).isEqualTo(200);
    assertThat(gw.get("/cookie", "Cookie", "other=1; silly=" + bobToken()).statusCode()).isEqualTo(200);
    assertInvalid(gw.get("/cookie", "Cookie", "crumble=" + bobToken().substring(5)), "Bad token; invalid JSON");
    assertRejected(gw.get("/cookie", "Cookie", "crumble="), "{\"message\":\"Unauthorized\"}", "Bearer");
  }

  @Test
  void several_distinct_tokens_are_refused_but_one_token_in_two_places_counts_once() {
    String token = bobToken();
    String other = hs256("bob-secret", "{\"iss\":\"bob-key\",\"n\":2}");
    assertInvalid(gw.get("/jwt?jwt=" + other, "Authorization", bearer(token)), "Multiple tokens provided");
    assertInvalid(gw.get("/jwt?jwt=" + token + "&jwt=" + other), "Multiple tokens provided");
    assertThat(gw.get("/jwt?jwt=" + token, "Authorization", bearer(token)).statusCode()).isEqualTo(200);
  }

  @Test
  void malformed_tokens() {
    assertInvalid(gw.get("/jwt", "Authorization", "Bearer abc"), "Bad token; invalid JSON");
    assertInvalid(gw.get("/jwt", "Authorization", "Bearer a.b"), "Bad token; invalid JSON");
    String claims = TestTokens.b64url("{\"iss\":\"bob-key\"}");
    assertInvalid(gw.get("/jwt", "Authorization", bearer(TestTokens.b64url("{\"typ\":\"JWT\"}") + "." + claims + ".c2ln")),
        "Bad token; invalid alg");
    assertInvalid(gw.get("/jwt", "Authorization", bearer(TestTokens.b64url("{\"alg\":\"none\"}") + "." + claims + ".")),
        "Bad token; invalid alg");
    assertInvalid(gw.get("/jwt", "Authorization", bearer(TestTokens.b64url("{\"alg\":\"HS256\"}") + "." + claims + ".!!!")),
        "Bad token; invalid signature");
  }

  @Test
  void key_claim_errors() {
    assertInvalid(gw.get("/jwt", "Authorization", bearer(hs256("bob-secret", "{\"name\":\"x\"}"))),
        "No mandatory 'iss' in claims");
    assertInvalid(gw.get("/jwt", "Authorization", bearer(hs256("bob-secret", "{\"iss\":\"\"}"))), "Invalid 'iss' in claims");
    assertInvalid(gw.get("/jwt", "Authorization", bearer(hs256("bob-secret", "{\"iss\":\"unknown\"}"))),
        "No credentials found for given 'iss'");
  }

  @Test
  void wrong_signature_and_algorithm_mismatch() {
    assertInvalid(gw.get("/jwt", "Authorization", bearer(hs256("not-bobs-secret", "{\"iss\":\"bob-key\"}"))),
        "Invalid signature");
    String hs384 = hmac("HS384", "bob-secret".getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS384\"}", "{\"iss\":\"bob-key\"}");
    assertInvalid(gw.get("/jwt", "Authorization", bearer(hs384)), "Invalid algorithm");
    // an HS256 token presented for an RS256 credential (the classic key-confusion attack)
    assertInvalid(gw.get("/jwt", "Authorization", bearer(hs256("x", "{\"iss\":\"key-RS256\"}"))), "Invalid algorithm");
  }

  @Test
  void key_in_another_claim_or_in_the_jose_header() {
    assertThat(gw.get("/aud", "Authorization", bearer(hs256("bob-secret", "{\"aud\":\"bob-key\"}"))).statusCode()).isEqualTo(200);
    assertInvalid(gw.get("/aud", "Authorization", bearer(bobToken())), "No mandatory 'aud' in claims");
    String kid = hmac("HS256", "bob-secret".getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\",\"kid\":\"bob-key\"}", "{}");
    assertThat(gw.get("/kid", "Authorization", bearer(kid)).statusCode()).isEqualTo(200);
  }

  @Test
  void base64_secrets() {
    String token = hmac("HS256", B64_SECRET_RAW.getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\"}", "{\"iss\":\"b64-key\"}");
    assertThat(gw.get("/b64", "Authorization", bearer(token)).statusCode()).isEqualTo(200);
    assertInvalid(gw.get("/jwt", "Authorization", bearer(token)), "Invalid signature");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS384", "HS512"})
  void other_hmac_algorithms(String alg) {
    String token = hmac(alg, ("s-" + alg).getBytes(StandardCharsets.UTF_8), "{\"typ\":\"JWT\",\"alg\":\"" + alg + "\"}",
        "{\"iss\":\"key-" + alg + "\"}");
    HttpResponse<String> r = gw.get("/jwt", "Authorization", bearer(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-credential-identifier").asText()).isEqualTo("key-" + alg);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
  void asymmetric_algorithms(String alg) {
    String token = TestTokens.signed(alg, KEYS.get(alg), Map.of("iss", "key-" + alg));
    HttpResponse<String> r = gw.get("/jwt", "Authorization", bearer(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(upstreamHeaders(r).get("x-credential-identifier").asText()).isEqualTo("key-" + alg);
    // signed with another key of the same kind
    String forged = TestTokens.signed(alg, TestTokens.keys(alg), Map.of("iss", "key-" + alg));
    assertInvalid(gw.get("/jwt", "Authorization", bearer(forged)), "Invalid signature");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ed25519", "Ed448"})
  void eddsa(String curve) {
    String token = TestTokens.signed("EdDSA", KEYS.get(curve), Map.of("iss", "key-" + curve));
    HttpResponse<String> r = gw.get("/jwt", "Authorization", bearer(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String forged = TestTokens.signed("EdDSA", TestTokens.keys(curve), Map.of("iss", "key-" + curve));
    assertInvalid(gw.get("/jwt", "Authorization", bearer(forged)), "Invalid signature");
  }

  @Test
  void es_credential_without_a_key_is_an_invalid_key() {
    String token = TestTokens.signed("ES256", KEYS.get("ES256"), Map.of("iss", "es-nokey"));
    assertInvalid(gw.get("/jwt", "Authorization", bearer(token)), "Invalid key/secret");
  }

  @Test
  void registered_claims() {
    long now = System.currentTimeMillis() / 1000;
    assertThat(gw.get("/claims", "Authorization", bearer(hs256("bob-secret",
        "{\"iss\":\"bob-key\",\"exp\":" + (now + 60) + ",\"nbf\":" + (now - 60) + "}"))).statusCode()).isEqualTo(200);
    assertRejected(gw.get("/claims", "Authorization", bearer(hs256("bob-secret",
        "{\"iss\":\"bob-key\",\"exp\":" + (now - 1) + ",\"nbf\":" + (now - 60) + "}"))),
        "{\"exp\":\"token expired\"}", "Bearer error=\"invalid_token\"");
    assertRejected(gw.get("/claims", "Authorization", bearer(hs256("bob-secret",
        "{\"iss\":\"bob-key\",\"exp\":" + (now + 60) + ",\"nbf\":" + (now + 60) + "}"))),
        "{\"nbf\":\"token not valid yet\"}", "Bearer error=\"invalid_token\"");
    assertRejected(gw.get("/claims", "Authorization", bearer(hs256("bob-secret", "{\"iss\":\"bob-key\",\"exp\":\"soon\"}"))),
        "{\"nbf\":\"must be a number\",\"exp\":\"must be a number\"}", "Bearer error=\"invalid_token\"");
    // claims are checked after the signature: a forged expired token is an invalid signature
    assertInvalid(gw.get("/claims", "Authorization", bearer(hs256("x", "{\"iss\":\"bob-key\",\"exp\":1}"))), "Invalid signature");
    // without claims_to_verify an expired token passes
    assertThat(gw.get("/jwt", "Authorization", bearer(hs256("bob-secret", "{\"iss\":\"bob-key\",\"exp\":1}"))).statusCode())
        .isEqualTo(200);
  }

  @Test
  void maximum_expiration() {
    long now = System.currentTimeMillis() / 1000;
    assertThat(gw.get("/maxexp", "Authorization", bearer(hs256("bob-secret",
        "{\"iss\":\"bob-key\",\"exp\":" + (now + 200) + "}"))).statusCode()).isEqualTo(200);
    assertRejected(gw.get("/maxexp", "Authorization", bearer(hs256("bob-secret",
        "{\"iss\":\"bob-key\",\"exp\":" + (now + 3600) + "}"))),
        "{\"exp\":\"exceeds maximum allowed expiration\"}", "Bearer error=\"invalid_token\"");
  }

  @Test
  void anonymous_consumer_on_failure() {
    HttpResponse<String> r = gw.get("/anon", "Authorization", bearer(hs256("wrong", "{\"iss\":\"bob-key\"}")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode h = upstreamHeaders(r);
    assertThat(h.get("x-anonymous-consumer").asText()).isEqualTo("true");
    assertThat(h.get("x-consumer-username").asText()).isEqualTo("guest");
    assertThat(h.has("x-credential-identifier")).isFalse();
    assertThat(upstreamHeaders(gw.get("/anon", "Authorization", bearer(bobToken()))).get("x-consumer-username").asText())
        .isEqualTo("bob");
    HttpResponse<String> missing = gw.get("/anon-missing");
    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(Json.parse(missing.body()).get("message").asText()).isEqualTo("An unexpected error occurred");
  }

  @Test
  void secrets_never_appear_in_error_bodies() {
    HttpResponse<String> r = gw.get("/jwt", "Authorization", bearer(hs256("bob-secret", "{\"iss\":\"bob-key\",\"exp\":\"x\"}"))
        .replace("e", "f"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("bob-secret");
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("jwt", "{\"maximum_expiration\":10}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("2 schema violations (failed conditional validation given value of field 'config.maximum_expiration'; "
            + "config.claims_to_verify: expected to contain: exp)");
    assertThatThrownBy(() -> gw.plugin("jwt", "{\"claims_to_verify\":[\"iat\"]}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.claims_to_verify: {\"expected one of: exp, nbf\"})");
    assertThatThrownBy(() -> gw.plugin("jwt", "{\"maximum_expiration\":31536001,\"claims_to_verify\":[\"exp\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("config.maximum_expiration: value should be between 0 and 31536000");
    assertThatThrownBy(() -> gw.insert("jwt_secrets", secretJson(bob, "\"algorithm\":\"RS256\"")))
        .isInstanceOf(KongException.class)
        .hasMessage("2 schema violations (failed conditional validation given value of field 'algorithm'; "
            + "rsa_public_key: required field missing)");
    assertThatThrownBy(() -> gw.insert("jwt_secrets", secretJson(bob, "\"algorithm\":\"PS256\",\"rsa_public_key\":\"nope\"")))
        .isInstanceOf(KongException.class).hasMessageContaining("rsa_public_key: invalid key");
    assertThatThrownBy(() -> gw.insert("jwt_secrets", secretJson(bob, "\"algorithm\":\"HS1\"")))
        .isInstanceOf(KongException.class).hasMessageContaining("algorithm: expected one of: HS256, HS384, HS512, RS256");
    ObjectNode generated = gw.insert("jwt_secrets", secretJson(bob, "\"tags\":[\"t\"]"));
    assertThat(generated.get("key").asText()).matches("[A-Za-z0-9]{32}");
    assertThat(generated.get("secret").asText()).matches("[A-Za-z0-9]{32}");
    assertThat(generated.get("algorithm").asText()).isEqualTo("HS256");
  }
}
