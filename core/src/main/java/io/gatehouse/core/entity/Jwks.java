package io.gatehouse.core.entity;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The checks Kong 3.9 runs on a {@code keys.jwk} string (kong/db/schema/entities/keys.lua and
 * {@code typedefs.jwk}): JSON, {@code kid} equal to the key's, a key OpenSSL can load (RSA, EC on
 * P-256/384/521, OKP), and the JWK fields' types.
 */
final class Jwks {
  private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
  /** OKP curves and their public key lengths (RFC 8037). */
  private static final Map<String, Integer> OKP = Map.of("Ed25519", 32, "Ed448", 57, "X25519", 32, "X448", 56);
  private static final List<String> ARRAYS = List.of("key_ops", "x5c");

  private Jwks() {}

  /** Kong's message for a bad JWK string, or null when it is fine. */
  static @Nullable String error(String jwk, @Nullable String kid) {
    JsonNode o;
    try {
      o = Json.parse(jwk);
    } catch (RuntimeException e) {
      return "could not json decode jwk string";
    }
    if (o == null || !o.isObject()) {
      return "could not json decode jwk string";
    }
    JsonNode k = o.get("kid");
    if (k == null || !k.isTextual() || !k.asText().equals(kid)) {
      return "kid in jwk.kid must be equal to keys.kid";
    }
    if (!loads(o)) {
      return "could not load JWK, likely not a valid key";
    }
    for (var it = o.fields(); it.hasNext(); ) {
      var f = it.next();
      boolean array = ARRAYS.contains(f.getKey());
      if (array ? !f.getValue().isArray() : !f.getValue().isTextual()) {
        return f.getKey() + ": expected " + (array ? "an array" : "a string");
      }
    }
    return null;
  }

  private static boolean loads(JsonNode o) {
    try {
      switch (o.path("kty").asText()) {
        case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(number(o, "n"), number(o, "e")));
        case "EC" -> {
          String curve = CURVES.get(o.path("crv").asText());
          if (curve == null) return false;
          AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
          p.init(new ECGenParameterSpec(curve));
          ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
          ECPoint point = new ECPoint(number(o, "x"), number(o, "y"));
          if (!onCurve(point, spec)) return false; // the JDK's key factory does not check; OpenSSL does
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        }
        case "OKP" -> {
          Integer length = OKP.get(o.path("crv").asText());
          return length != null && bytes(o, "x").length == length;
        }
        default -> {
          return false;
        }
      }
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** y² = x³ + ax + b (mod p) on a prime-field curve, coordinates below p. */
  private static boolean onCurve(ECPoint pt, ECParameterSpec spec) {
    if (!(spec.getCurve().getField() instanceof ECFieldFp field)) return false;
    BigInteger p = field.getP();
    BigInteger x = pt.getAffineX();
    BigInteger y = pt.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) return false;
    BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return y.pow(2).mod(p).equals(right);
  }

  private static BigInteger number(JsonNode o, String field) {
    return new BigInteger(1, bytes(o, field));
  }

  private static byte[] bytes(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return Base64.getUrlDecoder().decode(v.asText());
  }
}
