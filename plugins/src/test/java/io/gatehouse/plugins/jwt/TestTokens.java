package io.gatehouse.plugins.jwt;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for the jwt tests, signed independently of the code under test: HMAC with the JDK's
 * {@link Mac} (jjwt refuses the short secrets Kong allows), everything else with jjwt.
 */
final class TestTokens {
  private TestTokens() {}

  static String b64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String b64url(String s) {
    return b64url(s.getBytes(StandardCharsets.UTF_8));
  }

  /** An HS256/384/512 token over the literal header and claims JSON. */
  static String hmac(String alg, byte[] secret, String headerJson, String claimsJson) {
    String input = b64url(headerJson) + "." + b64url(claimsJson);
    try {
      String jca = "HmacSHA" + alg.substring(2);
      Mac mac = Mac.getInstance(jca);
      mac.init(new SecretKeySpec(secret, jca));
      return input + "." + b64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hs256(String secret, String claimsJson) {
    return hmac("HS256", secret.getBytes(StandardCharsets.UTF_8), "{\"typ\":\"JWT\",\"alg\":\"HS256\"}", claimsJson);
  }

  /** An RS/PS/ES/EdDSA token signed by jjwt. */
  static String signed(String alg, KeyPair keys, Map<String, ?> claims) {
    return signed(alg, keys, null, claims);
  }

  /** As {@link #signed(String, KeyPair, Map)}, with a {@code kid} header when {@code kid} is not null. */
  static String signed(String alg, KeyPair keys, @org.jspecify.annotations.Nullable String kid, Map<String, ?> claims) {
    SignatureAlgorithm sig = switch (alg) {
      case "RS256" -> Jwts.SIG.RS256;
      case "RS384" -> Jwts.SIG.RS384;
      case "RS512" -> Jwts.SIG.RS512;
      case "PS256" -> Jwts.SIG.PS256;
      case "PS384" -> Jwts.SIG.PS384;
      case "PS512" -> Jwts.SIG.PS512;
      case "ES256" -> Jwts.SIG.ES256;
      case "ES384" -> Jwts.SIG.ES384;
      case "ES512" -> Jwts.SIG.ES512;
      case "EdDSA" -> Jwts.SIG.EdDSA;
      default -> throw new IllegalArgumentException(alg);
    };
    var header = Jwts.builder().header().type("JWT");
    if (kid != null) {
      header.keyId(kid);
    }
    return header.and().claims(claims).signWith(keys.getPrivate(), sig).compact();
  }

  /** A key pair for an algorithm ({@code EdDSA} takes the curve: {@code Ed25519} or {@code Ed448}). */
  static KeyPair keys(String algOrCurve) {
    try {
      KeyPairGenerator g;
      if (algOrCurve.startsWith("RS") || algOrCurve.startsWith("PS")) {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
      } else if (algOrCurve.startsWith("ES")) {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(switch (algOrCurve) {
          case "ES256" -> "secp256r1";
          case "ES384" -> "secp384r1";
          default -> "secp521r1";
        }));
      } else {
        g = KeyPairGenerator.getInstance(algOrCurve);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }
}
