package io.gatehouse.plugins.tracing;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** Id conversions of Kong's propagation utils: hex and decimal forms, and resizing to a byte length. */
public final class Ids {
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  /** Lower-case hex of the bytes. */
  public static String hex(byte[] id) {
    return HEX.formatHex(id);
  }

  /** Hex digits to bytes; an odd count gets a leading zero (Kong's {@code from_hex}). */
  public static byte[] fromHex(String hex) {
    return HEX.parseHex(hex.length() % 2 == 0 ? hex : "0" + hex);
  }

  /** Whether the text is made only of hex digits. */
  static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) return false;
    }
    return !s.isEmpty();
  }

  /** Whether the hex text is all zeros (an invalid id). */
  static boolean isZeroHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') return false;
    }
    return true;
  }

  /** Decimal digits as the shortest big-endian bytes (Kong's {@code bn.from_dec():to_binary()}). */
  static byte[] fromDecimal(String dec) {
    byte[] b = new BigInteger(dec).toByteArray();
    int skip = 0;
    while (skip < b.length && b[skip] == 0) skip++;
    return Arrays.copyOfRange(b, skip, b.length);
  }

  /** The bytes as an unsigned decimal number. */
  static String decimal(byte[] id) {
    return new BigInteger(1, id).toString();
  }

  /** Kong's {@code to_id_size}: keep the rightmost bytes, or pad with zeros on the left. */
  public static byte @Nullable [] resize(byte @Nullable [] id, int length) {
    if (id == null || id.length == length) return id;
    byte[] out = new byte[length];
    if (id.length > length) {
      System.arraycopy(id, id.length - length, out, 0, length);
    } else {
      System.arraycopy(id, 0, out, length - id.length, id.length);
    }
    return out;
  }

  /** Fresh random bytes (a new trace or span id). */
  public static byte[] random(int length) {
    byte[] b = new byte[length];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
