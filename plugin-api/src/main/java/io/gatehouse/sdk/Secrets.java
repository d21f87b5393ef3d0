package io.gatehouse.sdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/** Helpers for handling secrets without leaking them through timing. */
public final class Secrets {
  private Secrets() {}

  /** A SHA-256 instance per thread: looking one up through the providers costs more than hashing a key. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  });

  /**
   * Compares two secrets in time independent of where they differ. Both are hashed first so the
   * time does not depend on their lengths either. Null equals nothing.
   */
  public static boolean constantTimeEquals(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  /** SHA-256 of the UTF-8 bytes: an index key that lets lookups avoid comparing secrets themselves. */
  public static byte[] sha256(String s) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(s.getBytes(StandardCharsets.UTF_8));
  }
}
