package io.gatehouse.admin.analytics;

/**
 * A request id of 32 lower-case hex digits (Gatehouse's, and Kong's) as two numbers, parsed without
 * allocating: the writer does this for every call.
 */
final class RequestIds {
  private RequestIds() {}

  /** Whether {@code id} is exactly 32 lower-case hex digits, so it fits two numbers exactly. */
  static boolean isHex(String id) {
    if (id.length() != 32) return false;
    for (int i = 0; i < 32; i++) {
      if (digit(id.charAt(i)) < 0) return false;
    }
    return true;
  }

  /** The first 16 digits (of an id {@link #isHex} accepts). */
  static long high(String id) {
    return parse(id, 0);
  }

  /** The last 16 digits. */
  static long low(String id) {
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
