package io.gatehouse.proxy.http;

import java.util.concurrent.ThreadLocalRandom;

/** Kong-style request ids: 32 lower-case hex chars. */
public final class RequestIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  public static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] out = new char[32];
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xF];
      out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xF];
    }
    return new String(out);
  }
}
