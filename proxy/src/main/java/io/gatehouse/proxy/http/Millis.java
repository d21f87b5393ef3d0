package io.gatehouse.proxy.http;

/** Millisecond counts as header text without a new string for the common small values. */
public final class Millis {
  private static final String[] SMALL = new String[1024];

  static {
    for (int i = 0; i < SMALL.length; i++) SMALL[i] = Integer.toString(i);
  }

  private Millis() {}

  /** {@code Long.toString(ms)}, shared for 0–1023. */
  public static String text(long ms) {
    return ms >= 0 && ms < SMALL.length ? SMALL[(int) ms] : Long.toString(ms);
  }
}
