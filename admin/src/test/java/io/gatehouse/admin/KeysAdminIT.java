package io.gatehouse.admin;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.admin.testing.TestAdmin;
import io.gatehouse.core.json.Json;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kong 3.9's {@code key_sets} and {@code keys} through the Admin API (spec/02-integration/04-admin_api/
 * 21-admin-api-keys_spec.lua): {@code /key-sets}, {@code /keys}, {@code /key-sets/{ks}/keys}, JWK and
 * PEM checks, cascade delete. Keys are made with the JDK's generator.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestAdmin.StoreKind.class)
class KeysAdminIT {
  static TestAdmin gw;
  static AdminClient api;
  static KeyPair rsa;
  static KeyPair other;

  @Parameter TestAdmin.StoreKind storeKind;

  @BeforeParameterizedClassInvocation
  static void start(TestAdmin.StoreKind kind) throws Exception {
    gw = new TestAdmin(kind);
    api = gw.client;
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa = g.generateKeyPair();
    other = g.generateKeyPair();
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    gw.close();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String jwk(String kid) {
    RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return Json.object().put("kty", "RSA").put("kid", kid).put("alg", "RS256")
        .put("n", b64.encodeToString(unsigned(pub.getModulus().toByteArray())))
        .put("e", b64.encodeToString(pub.getPublicExponent().toByteArray())).toString();
  }

  static byte[] unsigned(byte[] b) {
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static String pemKeys(KeyPair pub, KeyPair priv) {
    return Json.object().put("public_key", pem("PUBLIC KEY", pub.getPublic().getEncoded()))
        .put("private_key", pem("PRIVATE KEY", priv.getPrivate().getEncoded())).toString();
  }

  static List<String> names(Resp list) {
    List<String> out = new ArrayList<>();
    list.json().get("data").forEach(e -> out.add(e.path("name").asText()));
    return out;
  }

  @Test
  void key_sets_hold_jwk_and_pem_keys_and_take_them_along_when_deleted() {
    String set = unique("set");
    JsonNode ks = api.post("/key-sets", "{\"name\":\"" + set + "\"}").json();
    String jwkName = unique("jwk");
    Resp j = api.post("/keys", "{\"name\":\"" + jwkName + "\",\"kid\":\"k1\",\"set\":{\"id\":\"" + ks.get("id").asText()
        + "\"},\"jwk\":" + Json.MAPPER.valueToTree(jwk("k1")) + "}");
    assertThat(j.status()).as(j.toString()).isEqualTo(201);
    assertThat(j.json().get("set").get("id").asText()).isEqualTo(ks.get("id").asText());
    assertThat(j.json().get("pem").isNull()).isTrue();
    String pemName = unique("pem");
    Resp p = api.post("/key-sets/" + set + "/keys", "{\"name\":\"" + pemName + "\",\"kid\":\"k2\",\"pem\":" + pemKeys(rsa, rsa) + "}");
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    String loose = unique("loose");
    assertThat(api.post("/keys", "{\"name\":\"" + loose + "\",\"kid\":\"k3\",\"pem\":" + pemKeys(rsa, rsa) + "}").status())
        .isEqualTo(201);

    assertThat(names(api.get("/key-sets/" + set + "/keys"))).containsExactlyInAnyOrder(jwkName, pemName);
    assertThat(api.get("/keys/" + jwkName).json().get("kid").asText()).isEqualTo("k1");
    assertThat(api.get("/keys/" + jwkName + "/set").json().get("name").asText()).isEqualTo(set);
    Resp patched = api.json("PATCH", "/key-sets/" + ks.get("id").asText(), "{\"name\":\"" + set + "-new\"}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(api.json("PATCH", "/keys/" + pemName, "{\"kid\":\"k2b\"}").json().get("kid").asText()).isEqualTo("k2b");

    assertThat(api.delete("/key-sets/" + set + "-new").status()).isEqualTo(204);
    assertThat(api.get("/keys/" + jwkName).status()).as("cascaded").isEqualTo(404);
    assertThat(api.get("/keys/" + pemName).status()).isEqualTo(404);
    assertThat(api.get("/keys/" + loose).status()).isEqualTo(200);
  }

  @Test
  void invalid_keys_get_kongs_messages() {
    Resp bad = api.post("/keys", "{\"kid\":\"test\",\"jwk\":\"{\\\"alg\\\": \\\"RSA-OAEP\\\", \\\"kid\\\": \\\"test\\\"}\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).isEqualTo("schema violation (could not load JWK, likely not a valid key)");
    assertThat(api.post("/keys", "{\"kid\":\"other\",\"jwk\":" + Json.MAPPER.valueToTree(jwk("k9")) + "}").json()
        .get("message").asText()).isEqualTo("schema violation (kid in jwk.kid must be equal to keys.kid)");
    assertThat(api.post("/keys", "{\"kid\":\"x\",\"jwk\":\"not json\"}").json().get("message").asText())
        .isEqualTo("schema violation (could not json decode jwk string)");
    assertThat(api.post("/keys", "{\"kid\":\"x\"}").json().get("message").asText())
        .isEqualTo("schema violation (at least one of these fields must be non-empty: 'jwk', 'pem')");
    assertThat(api.post("/keys", "{\"kid\":\"k4\",\"jwk\":" + Json.MAPPER.valueToTree(jwk("k4")) + ",\"pem\":"
        + pemKeys(rsa, rsa) + "}").json().get("message").asText())
        .isEqualTo("schema violation (only one or none of these fields must be set: 'jwk', 'pem')");
    Resp mismatch = api.post("/keys", "{\"kid\":\"k5\",\"pem\":" + pemKeys(rsa, other) + "}");
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.json().get("fields").get("pem").asText()).isEqualTo("public key does not match private key");
    Resp garbage = api.post("/keys", "{\"kid\":\"k6\",\"pem\":{\"public_key\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"}}");
    assertThat(garbage.json().get("fields").get("pem").asText()).isEqualTo("could not load public key");
    Resp empty = api.post("/keys", "{\"kid\":\"k7\",\"pem\":{}}");
    assertThat(empty.status()).isEqualTo(400);
  }

  @Test
  void kid_is_unique_within_a_set() {
    String set = unique("uset");
    String id = api.post("/key-sets", "{\"name\":\"" + set + "\"}").json().get("id").asText();
    String body = "{\"kid\":\"same\",\"set\":{\"id\":\"" + id + "\"},\"pem\":" + pemKeys(rsa, rsa) + "}";
    assertThat(api.post("/keys", body).status()).isEqualTo(201);
    assertThat(api.post("/keys", body).status()).isEqualTo(409);
  }
}
