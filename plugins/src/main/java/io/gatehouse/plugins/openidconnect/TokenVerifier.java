package io.gatehouse.plugins.openidconnect;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a signed JWT against an issuer's keys and the standard claims: the signature (RSA, RSA-PSS
 * or ECDSA; {@code none} and shared-secret algorithms are refused), {@code iss} (the discovered
 * issuer or {@code issuers_allowed}), {@code exp} and {@code nbf} with {@code leeway}, and for ID
 * tokens the audience and nonce. Pure CPU: callers run it where they are, keys come from {@link Provider}.
 */
final class TokenVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  /** What a check found. */
  sealed interface Verdict {}

  /** Signature and claims are good. */
  record Valid(Map<String, Object> claims) implements Verdict {}

  /** No key of the issuer fits the token's {@code kid}/algorithm: worth discovering again. */
  record UnknownKey() implements Verdict {}

  /** The token is bad; {@code reason} is for {@code display_errors} and logs, never names the token. */
  record Invalid(String reason) implements Verdict {}

  /** The checks of one plugin instance. */
  record Rules(boolean verifySignature, boolean verifyClaims, long leewaySeconds, @Nullable List<String> issuersAllowed) {}

  private TokenVerifier() {}

  /** A JWS in compact form, or null when the text is not one (an opaque token). */
  static @Nullable SignedJWT parse(String token) {
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return null;
    }
    try {
      return SignedJWT.parse(token);
    } catch (ParseException e) {
      return null;
    }
  }

  /**
   * Verifies an access token (or any JWT but an ID token).
   *
   * @param nowSeconds epoch seconds
   */
  static Verdict verify(SignedJWT jwt, Provider.Keys keys, Rules rules, long nowSeconds) {
    if (rules.verifySignature()) {
      Verdict signature = signature(jwt, keys);
      if (signature != null) {
        return signature;
      }
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return new Invalid("invalid claims");
    }
    if (rules.verifyClaims()) {
      String problem = standardClaims(claims, keys.metadata().issuer(), rules, nowSeconds);
      if (problem != null) {
        return new Invalid(problem);
      }
    }
    return new Valid(claims.toJSONObject());
  }

  /** Verifies an ID token: {@link #verify} plus {@code aud} naming one of the client ids and the nonce. */
  static Verdict verifyIdToken(SignedJWT jwt, Provider.Keys keys, Rules rules, long nowSeconds, List<String> clientIds,
      @Nullable String nonce) {
    Verdict v = verify(jwt, keys, rules, nowSeconds);
    if (!(v instanceof Valid valid)) {
      return v;
    }
    Object aud = valid.claims().get("aud");
    List<?> audiences = aud instanceof List<?> l ? l : aud == null ? List.of() : List.of(aud);
    if (rules.verifyClaims() && audiences.stream().noneMatch(clientIds::contains)) {
      return new Invalid("invalid audience");
    }
    if (nonce != null && !nonce.equals(valid.claims().get("nonce"))) {
      return new Invalid("invalid nonce");
    }
    return v;
  }

  /** Null when a key of {@code keys} verifies the signature. */
  private static @Nullable Verdict signature(SignedJWT jwt, Provider.Keys keys) {
    JWSHeader h = jwt.getHeader();
    if (!ALGORITHMS.contains(h.getAlgorithm())) {
      return new Invalid("signature algorithm " + h.getAlgorithm() + " is not accepted");
    }
    boolean candidate = false;
    for (JWK key : keys.keys()) {
      if (h.getKeyID() != null && !h.getKeyID().equals(key.getKeyID())) {
        continue;
      }
      if (KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
        continue;
      }
      if (key.getAlgorithm() != null && !key.getAlgorithm().equals(h.getAlgorithm())) {
        continue;
      }
      JWSVerifier verifier = keys.verifiers().get(key);
      if (verifier == null) {
        verifier = verifier(key);
        if (verifier == null) {
          continue;
        }
        keys.verifiers().put(key, verifier);
      }
      if (!verifier.supportedJWSAlgorithms().contains(h.getAlgorithm())
          || key instanceof ECKey ec && !com.nimbusds.jose.jwk.Curve.forJWSAlgorithm(h.getAlgorithm()).contains(ec.getCurve())) {
        continue;
      }
      candidate = true;
      try {
        if (jwt.verify(verifier)) {
          return null;
        }
      } catch (JOSEException e) {
        // a key of the wrong size for the algorithm: try the next one
      }
    }
    return candidate ? new Invalid("invalid signature") : new UnknownKey();
  }

  /** A verifier for an RSA or EC key; null for other key types. */
  private static @Nullable JWSVerifier verifier(JWK key) {
    try {
      if (key instanceof RSAKey rsa) {
        return new RSASSAVerifier(rsa);
      }
      if (key instanceof ECKey ec) {
        return new ECDSAVerifier(ec);
      }
    } catch (JOSEException e) {
      return null;
    }
    return null;
  }

  private static @Nullable String standardClaims(JWTClaimsSet c, String issuer, Rules rules, long now) {
    String iss = c.getIssuer();
    List<String> allowed = rules.issuersAllowed() == null || rules.issuersAllowed().isEmpty()
        ? List.of(issuer) : rules.issuersAllowed();
    if (iss == null || !allowed.contains(iss)) {
      return "invalid issuer";
    }
    Date exp = c.getExpirationTime();
    if (exp != null && now > exp.getTime() / 1000 + rules.leewaySeconds()) {
      return "token expired";
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && now + rules.leewaySeconds() < nbf.getTime() / 1000) {
      return "token not valid yet";
    }
    return null;
  }
}
