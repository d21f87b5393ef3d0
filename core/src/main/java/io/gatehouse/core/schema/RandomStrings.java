package io.gatehouse.core.schema;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Kong's generated strings for {@code auto} string fields ({@code kong/tools/rand.lua}): 24 random
 * bytes in base64, with {@code /} and {@code +} replaced by random letters, so 32 characters of
 * {@code [A-Za-z0-9]}.
 */
public final class RandomStrings {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomStrings() {}

  public static String kongAuto() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    char[] chars = Base64.getEncoder().encodeToString(bytes).toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] == '/') {
        chars[i] = (char) ('A' + RANDOM.nextInt(26));
      } else if (chars[i] == '+') {
        chars[i] = (char) ('a' + RANDOM.nextInt(26));
      }
    }
    return new String(chars);
  }
}
