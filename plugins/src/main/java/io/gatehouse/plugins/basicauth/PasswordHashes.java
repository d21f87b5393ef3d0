package io.gatehouse.plugins.basicauth;

import io.gatehouse.sdk.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Stored basic-auth passwords: bcrypt (Bouncy Castle) for everything we hash, and Kong's legacy
 * {@code lower_hex(sha1(password .. consumer_id))} so credentials exported from Kong keep working.
 */
final class PasswordHashes {
  static final int COST = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  static String bcrypt(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
  }

  static boolean isBcrypt(String stored) {
    return stored.startsWith("$2a$") || stored.startsWith("$2b$") || stored.startsWith("$2y$");
  }

  /** Kong's legacy hash shape: 40 lower-case hex characters. */
  static boolean isLegacySha1(String stored) {
    return stored.length() == 40 && stored.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** Slow (bcrypt): call off the event loop. */
  static boolean checkBcrypt(String stored, String password) {
    try {
      return OpenBSDBCrypt.checkPassword(stored, password.toCharArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Kong's legacy check, constant-time. */
  static boolean checkLegacy(String stored, String password, String consumerId) {
    return Secrets.constantTimeEquals(stored, legacySha1(password, consumerId));
  }

  static String legacySha1(String password, String consumerId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest((password + consumerId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
