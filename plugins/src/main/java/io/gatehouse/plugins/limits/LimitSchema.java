package io.gatehouse.plugins.limits;

import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Config pieces both limiting plugins share: the six period fields, their ordering rule and Kong's
 * messages. Period values reach the checks as the SDK hands them ({@code Long}, {@code Double} or null).
 */
public final class LimitSchema {
  private LimitSchema() {}

  /** {@code second … year} as a record (response-ratelimiting's per-name limits). */
  public record Periods(
      @Check(Positive.class) @Nullable Double second,
      @Check(Positive.class) @Nullable Double minute,
      @Check(Positive.class) @Nullable Double hour,
      @Check(Positive.class) @Nullable Double day,
      @Check(Positive.class) @Nullable Double month,
      @Check(Positive.class) @Nullable Double year) {
    /** The configured periods as limits, shortest window first. */
    public List<Limit> limits() {
      return periodLimits(second, minute, hour, day, month, year);
    }
  }

  /** The period names, shortest first: the fields a period check reads. */
  public static final List<String> PERIODS = java.util.Arrays.stream(Window.NAMED).map(Window::period).toList();

  /** {@code value must be greater than 0}. */
  public static final class Positive implements Validator {
    @Override
    public @Nullable String check(Object value) {
      return value instanceof Number n && n.doubleValue() > 0 ? null : "value must be greater than 0";
    }
  }

  /** The message when no period is set. */
  public static final String NO_PERIOD =
      "at least one of these fields must be non-empty: 'second', 'minute', 'hour', 'day', 'month', 'year'";

  /**
   * Kong's {@code validate_periods_order}: {@code The limit for hour(5.0) cannot be lower than the
   * limit for minute(10.0)}; null when the order is fine.
   */
  public static @Nullable String periodOrderError(Map<String, @Nullable Object> limits) {
    for (int i = 0; i < Window.NAMED.length; i++) {
      if (!(limits.get(Window.NAMED[i].period()) instanceof Number lower)) {
        continue;
      }
      for (int j = i + 1; j < Window.NAMED.length; j++) {
        if (limits.get(Window.NAMED[j].period()) instanceof Number upper && upper.doubleValue() < lower.doubleValue()) {
          return String.format(Locale.ROOT, "The limit for %s(%.1f) cannot be lower than the limit for %s(%.1f)",
              Window.NAMED[j].period(), upper.doubleValue(), Window.NAMED[i].period(), lower.doubleValue());
        }
      }
    }
    return null;
  }

  /** Whether any period field is set. */
  public static boolean anyPeriod(Map<String, @Nullable Object> limits) {
    for (Window w : Window.NAMED) {
      if (limits.get(w.period()) != null) {
        return true;
      }
    }
    return false;
  }

  /** The periods that are set ({@code second … year}) as limits, shortest window first. */
  public static List<Limit> periodLimits(@Nullable Double... values) {
    List<Limit> out = new ArrayList<>();
    for (int i = 0; i < Window.NAMED.length; i++) {
      if (values[i] != null) {
        out.add(Limit.of(Window.NAMED[i], values[i]));
      }
    }
    return out;
  }
}
