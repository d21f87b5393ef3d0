package io.gatehouse.plugins.limits;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One configured limit: at most {@code max} per {@code window}. Kong's limits are numbers; a
 * fractional one admits while {@code limit − usage > 0}, i.e. up to its ceiling.
 *
 * @param text the limit as headers show it ({@code 6}, {@code 2.5})
 */
public record Limit(Window window, long max, String text) {
  public Limit {
    Objects.requireNonNull(window, "window");
  }

  public static Limit of(Window window, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("limit must be > 0, got " + value);
    }
    return new Limit(window, (long) Math.ceil(value), format(value));
  }

  /** Lua's number formatting: integers without a fraction. */
  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
