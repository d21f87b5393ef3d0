package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.Secrets;
import io.gatehouse.sdk.Transform;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Client secrets: compared in constant time, or with {@code hash_secret} stored as Kong stores
 * them, PBKDF2 in PHC form ({@code $pbkdf2-sha512$i=10000,l=32$<salt>$<hash>}, unpadded base64),
 * so credentials exported from Kong verify here and the other way round.
 */
final class ClientSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "$pbkdf2-";

  private ClientSecrets() {}

  /** The write-time hash for {@code hash_secret = true}; a stored hash is left as it is. */
  public static final class Hash implements Transform.Transformer {
    @Override
    public String apply(String secret) {
      if (secret.startsWith(PREFIX)) {
        return secret;
      }
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      byte[] hash = pbkdf2("sha512", secret, salt, 10000, 32);
      Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
      return PREFIX + "sha512$i=10000,l=32$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
  }

  static boolean matches(Clients.Client client, @Nullable String presented) {
    String stored = client.clientSecret();
    if (presented == null || stored == null) {
      return false;
    }
    if (client.hashSecret() && stored.startsWith(PREFIX)) {
      return verify(stored, presented);
    }
    return Secrets.constantTimeEquals(stored, presented);
  }

  private static boolean verify(String phc, String presented) {
    String[] parts = phc.split("\\$"); // "", "pbkdf2-sha512", "i=10000,l=32", salt, hash
    if (parts.length != 5) {
      return false;
    }
    try {
      String digest = parts[1].substring("pbkdf2-".length());
      int iterations = 10000;
      int length = 32;
      for (String kv : parts[2].split(",")) {
        if (kv.startsWith("i=")) {
          iterations = Integer.parseInt(kv.substring(2));
        } else if (kv.startsWith("l=")) {
          length = Integer.parseInt(kv.substring(2));
        }
      }
      byte[] salt = Base64.getDecoder().decode(parts[3]);
      byte[] expected = Base64.getDecoder().decode(parts[4]);
      return MessageDigest.isEqual(expected, pbkdf2(digest, presented, salt, iterations, length));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] pbkdf2(String digest, String secret, byte[] salt, int iterations, int length) {
    String algorithm = switch (digest) {
      case "sha1" -> "PBKDF2WithHmacSHA1";
      case "sha256" -> "PBKDF2WithHmacSHA256";
      case "sha384" -> "PBKDF2WithHmacSHA384";
      case "sha512" -> "PBKDF2WithHmacSHA512";
      default -> throw new IllegalArgumentException("unsupported pbkdf2 digest " + digest);
    };
    try {
      return SecretKeyFactory.getInstance(algorithm)
          .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, length * 8)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
