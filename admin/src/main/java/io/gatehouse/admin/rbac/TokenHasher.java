package io.gatehouse.admin.rbac;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes RBAC user tokens with the JDK's PBKDF2-HMAC-SHA256 (OWASP's 2023 work factor) and checks
 * them in constant time. A stored hash reads {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, so
 * the work factor can rise later without breaking stored users.
 */
public final class TokenHasher {
  static final int ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Verified against when no user has the token's ident, so a miss costs what a hit costs. */
  private static final String DECOY = new TokenHasher().hash("decoy");

  /** A new hash of {@code token} under a fresh salt. */
  public String hash(String token) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(pbkdf2(token, salt, ITERATIONS));
  }

  /** Whether {@code token} hashes to {@code stored}; false for a malformed stored value. */
  public boolean verify(String token, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, pbkdf2(token, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Spends the time of one verification and answers false. */
  public boolean verifyDecoy(String token) {
    verify(token, DECOY);
    return false;
  }

  /** The lookup key of a token: the first 8 hex digits of its SHA-256. */
  public static String ident(String token) {
    return digestHex(token).substring(0, 8);
  }

  /** SHA-256 of {@code token}, in hex: what the verified-token cache is keyed by. */
  static String digestHex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** A new random token (32 bytes, base64url): what a user gets when it is created without one. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] pbkdf2(String token, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(token.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
