package io.gatehouse.core.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.json.Json;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Kong 3.9's checks of {@code keys.jwk} (keys.lua's custom check and typedefs.jwk), keys made with the JDK. */
class JwksTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static String b64(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int n = Math.min(length, raw.length);
    System.arraycopy(raw, raw.length - n, out, length - n, n);
    return B64.encodeToString(out);
  }

  @Test
  void rsa_ec_and_okp_public_keys_load() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    RSAPublicKey r = (RSAPublicKey) rsa.generateKeyPair().getPublic();
    String rsaJwk = Json.object().put("kty", "RSA").put("kid", "r").put("n", b64(r.getModulus(), 256))
        .put("e", b64(r.getPublicExponent(), 3)).toString();
    assertThat(Jwks.error(rsaJwk, "r")).isNull();

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(384);
    ECPublicKey e = (ECPublicKey) ec.generateKeyPair().getPublic();
    String ecJwk = Json.object().put("kty", "EC").put("crv", "P-384").put("kid", "e")
        .put("x", b64(e.getW().getAffineX(), 48)).put("y", b64(e.getW().getAffineY(), 48))
        .set("key_ops", Json.array().add("verify")).toString();
    assertThat(Jwks.error(ecJwk, "e")).isNull();

    byte[] ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    String okp = Json.object().put("kty", "OKP").put("crv", "Ed25519").put("kid", "o")
        .put("x", B64.encodeToString(Arrays.copyOfRange(ed, ed.length - 32, ed.length))).toString();
    assertThat(Jwks.error(okp, "o")).isNull();
  }

  @Test
  void kongs_messages_for_bad_jwks() {
    assertThat(Jwks.error("not json", "k")).isEqualTo("could not json decode jwk string");
    assertThat(Jwks.error("[1]", "k")).isEqualTo("could not json decode jwk string");
    assertThat(Jwks.error("{\"kid\":\"a\",\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "b"))
        .isEqualTo("kid in jwk.kid must be equal to keys.kid");
    assertThat(Jwks.error("{\"alg\":\"RSA-OAEP\",\"kid\":\"test\"}", "test"))
        .isEqualTo("could not load JWK, likely not a valid key");
    assertThat(Jwks.error("{\"kid\":\"k\",\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "k"))
        .as("OpenSSL loads no symmetric JWK").isEqualTo("could not load JWK, likely not a valid key");
    assertThat(Jwks.error("{\"kid\":\"k\",\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}", "k"))
        .isEqualTo("could not load JWK, likely not a valid key");
    assertThat(Jwks.error("{\"kid\":\"k\",\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}", "k"))
        .isEqualTo("could not load JWK, likely not a valid key");
  }

  @Test
  void field_types_are_checked_after_the_key_loads() {
    String base = "{\"kid\":\"k\",\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + B64.encodeToString(new byte[32]) + "\"";
    assertThat(Jwks.error(base + ",\"use\":1}", "k")).isEqualTo("use: expected a string");
    assertThat(Jwks.error(base + ",\"x5c\":\"x\"}", "k")).isEqualTo("x5c: expected an array");
  }
}
