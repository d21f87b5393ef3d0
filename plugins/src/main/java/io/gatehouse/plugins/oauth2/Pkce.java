package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Secrets;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Kong's PKCE rules (RFC 7636, S256 only). */
final class Pkce {
  private Pkce() {}

  /** The normalized challenge and method, or an error description. */
  record Challenge(@Nullable String challenge, @Nullable String method, @Nullable String error) {}

  static Challenge challenge(Params p) {
    String challenge = p.text("code_challenge");
    String method = p.text("code_challenge_method");
    if (method != null && challenge == null) {
      return new Challenge(null, null, "code_challenge is required when code_method is present");
    }
    if (challenge != null) {
      try { // re-encoded, as Kong does, so padding differences do not matter
        challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(challenge));
      } catch (IllegalArgumentException e) {
        // kept as sent
      }
      if (method != null && !method.equals("S256")) {
        if (!method.equals("s256")) {
          return new Challenge(null, null, "code_challenge_method is not supported, must be S256");
        }
        method = "S256";
      }
    }
    return new Challenge(challenge, challenge == null ? null : "S256", null);
  }

  /** Kong's {@code requires_pkce}. */
  static boolean required(OAuth2Config c, Clients.@Nullable Client client, boolean usedPkce) {
    if (client == null) {
      return false;
    }
    String mode = c.pkce() == null ? "lax" : c.pkce();
    return usedPkce || (client.publicClient() && !mode.equals("none")) || (!client.publicClient() && mode.equals("strict"));
  }

  /** Kong's {@code validate_pkce_verifier}: null when the verifier matches the code's challenge. */
  static @Nullable Map<String, Object> verify(Params p, AuthCode code) {
    Object verifier = p.raw("code_verifier");
    if (verifier == null) {
      return Outcome.error("invalid_request", "code_verifier is required for PKCE authorization requests");
    }
    if (!(verifier instanceof String v)) {
      return Outcome.error("invalid_request", "code_verifier is not a string");
    }
    if (v.length() < 43 || v.length() > 128) {
      return Outcome.error("invalid_request", "code_verifier must be between 43 and 128 characters");
    }
    String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(v));
    if (code.challenge() == null || !Secrets.constantTimeEquals(computed, code.challenge())) {
      return Outcome.error("invalid_grant", "Invalid code");
    }
    return null;
  }
}
