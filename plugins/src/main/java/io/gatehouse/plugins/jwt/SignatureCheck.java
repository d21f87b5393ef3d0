package io.gatehouse.plugins.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies one credential's signatures. Built once per snapshot from the credential's algorithm
 * and key material; {@link #verify} is thread-safe.
 */
interface SignatureCheck {

  boolean verify(byte[] signingInput, byte[] signature);

  /**
   * HS256/384/512: the HMAC of the signing input compared in constant time. Any secret length is
   * accepted, as in Kong (an empty secret is the same HMAC key as a single zero byte).
   */
  static SignatureCheck hmac(String alg, byte[] secret) {
    String jca = "Hmac" + switch (alg) {
      case "HS256" -> "SHA256";
      case "HS384" -> "SHA384";
      default -> "SHA512";
    };
    SecretKeySpec key = new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, jca);
    return (input, signature) -> {
      try {
        Mac mac = Mac.getInstance(jca);
        mac.init(key);
        return MessageDigest.isEqual(mac.doFinal(input), signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    };
  }

  /**
   * RS*, PS* and ES* through nimbus-jose-jwt's verifiers (ES* signatures are JOSE's raw
   * {@code R||S}); EdDSA (Ed25519 and Ed448) through the JDK. Null when the key does not suit the
   * algorithm.
   */
  static @Nullable SignatureCheck publicKey(String alg, PublicKey key) {
    try {
      if (alg.equals("EdDSA")) {
        if (!(key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().startsWith("Ed"))) {
          return null;
        }
        return (input, signature) -> {
          try {
            Signature s = Signature.getInstance(key.getAlgorithm().equals("Ed448") ? "Ed448" : "EdDSA");
            s.initVerify(key);
            s.update(input);
            return s.verify(signature);
          } catch (GeneralSecurityException | RuntimeException e) {
            return false;
          }
        };
      }
      JWSVerifier verifier;
      if (alg.startsWith("RS") || alg.startsWith("PS")) {
        if (!(key instanceof RSAPublicKey rsa)) {
          return null;
        }
        verifier = new RSASSAVerifier(rsa);
      } else if (alg.startsWith("ES")) {
        if (!(key instanceof ECPublicKey ec)) {
          return null;
        }
        verifier = new ECDSAVerifier(ec);
      } else {
        return null;
      }
      JWSHeader header = new JWSHeader(JWSAlgorithm.parse(alg));
      return (input, signature) -> {
        try {
          return verifier.verify(header, input, Base64URL.encode(signature));
        } catch (JOSEException | RuntimeException e) {
          return false; // e.g. an ES256 token against a P-384 key
        }
      };
    } catch (JOSEException e) {
      return null;
    }
  }
}
