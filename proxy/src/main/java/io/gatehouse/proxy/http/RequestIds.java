package io.gatehouse.proxy.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kong-style request ids: 32 lower-case hex digits, made from two random numbers; and back, without
 * allocating (the call log stores an id as its two numbers).
 */
public final class RequestIds {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private RequestIds() {}

  public static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return format(r.nextLong(), r.nextLong());
  }

  /** The id of these two halves: 16 hex digits each. */
  public static String format(long high, long low) {
    byte[] out = new byte[32];
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xF];
      out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xF];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Whether {@code id} is exactly 32 lower-case hex digits, so it fits two numbers exactly. */
  public static boolean isHex(String id) {
    if (id.length() != 32) return false;
    for (int i = 0; i < 32; i++) {
      if (digit(id.charAt(i)) < 0) return false;
    }
    return true;
  }

  /** The first 16 digits (of an id {@link #isHex} accepts). */
  public static long high(String id) {
    return parse(id, 0);
  }

  /** The last 16 digits. */
  public static long low(String id) {
    return parse(id, 16);
  }

  private static long parse(String id, int from) {
    long v = 0;
    for (int i = from; i < from + 16; i++) v = v << 4 | digit(id.charAt(i));
    return v;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
}
