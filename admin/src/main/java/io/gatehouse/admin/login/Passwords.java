package io.gatehouse.admin.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords (the portal's developers, RBAC users' Manager logins) as Argon2id PHC strings ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}), with
 * BouncyCastle's implementation and OWASP's minimum cost (19 MiB, 2 passes, 1 lane). Verification
 * reads the cost from the stored string, so raising it later keeps old hashes valid.
 */
public final class Passwords {
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  // each hash takes MEMORY_KIB of heap: bound how many run at once (handlers run on unbounded virtual threads)
  private final Semaphore running = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(out);
  }

  /** Whether {@code password} matches {@code phc}; a string that is not ours is a mismatch. */
  public boolean matches(String password, String phc) {
    String[] parts = phc.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.substring(0, 2)) {
          case "m=" -> m = v;
          case "t=" -> t = v;
          case "p=" -> p = v;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64_DECODE.decode(parts[4]);
      byte[] expected = B64_DECODE.decode(parts[5]);
      if (expected.length < 16 || salt.length < 8) {
        return false; // never one of ours, and BouncyCastle refuses such lengths
      }
      return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
    } catch (IllegalArgumentException | IllegalStateException e) { // bad numbers or base64, costs BouncyCastle refuses
      return false;
    }
  }

  private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    running.acquireUninterruptibly();
    try {
      return argon2(password, salt, memoryKib, iterations, lanes, length);
    } finally {
      running.release();
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
