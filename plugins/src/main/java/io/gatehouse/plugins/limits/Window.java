package io.gatehouse.plugins.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A counting window. Kong's six named periods are aligned to the UTC calendar (the second, minute,
 * hour, midnight, the 1st of the month, January 1st) and use Kong's nominal lengths (month 30 days,
 * year 365 days) for expiry and {@code RateLimit-Reset}; any other size (Gatehouse's
 * {@code limits[].window_size}) is aligned to multiples of its length since the epoch.
 *
 * @param period the key segment and lower-case name ({@code minute}, or the size in seconds)
 * @param header the header suffix ({@code Minute}, or the size in seconds)
 * @param seconds the nominal length
 */
public record Window(String period, String header, long seconds, boolean calendar) {

  public static final Window SECOND = named("second", 1);
  public static final Window MINUTE = named("minute", 60);
  public static final Window HOUR = named("hour", 3600);
  public static final Window DAY = named("day", 86400);
  public static final Window MONTH = named("month", 2592000);
  public static final Window YEAR = named("year", 31536000);

  /** Kong's periods, shortest first. */
  public static final Window[] NAMED = {SECOND, MINUTE, HOUR, DAY, MONTH, YEAR};

  private static Window named(String period, long seconds) {
    return new Window(period, Character.toUpperCase(period.charAt(0)) + period.substring(1), seconds, true);
  }

  /** A window of any size; the named period when the size is one (60 → {@link #MINUTE}). */
  public static Window ofSeconds(long seconds) {
    if (seconds <= 0) {
      throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
    }
    for (Window w : NAMED) {
      if (w.seconds == seconds && w != MONTH && w != YEAR) {
        return w;
      }
    }
    return new Window(Long.toString(seconds), Long.toString(seconds), seconds, false);
  }

  /** A named period by its config field name, or null. */
  public static @Nullable Window named(String field) {
    for (Window w : NAMED) {
      if (w.period.equals(field.toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    return null;
  }

  /** The start (epoch millis) of the fixed window containing {@code nowMillis}. */
  public long start(long nowMillis) {
    if (calendar && this == MONTH || calendar && this == YEAR) {
      LocalDate d = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
      LocalDate first = this == MONTH ? d.withDayOfMonth(1) : d.withDayOfYear(1);
      return ZonedDateTime.of(first.atStartOfDay(), ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    long len = seconds * 1000;
    return Math.floorDiv(nowMillis, len) * len;
  }

  /** The start (epoch millis) of the fixed window after the one containing {@code nowMillis}. */
  public long nextStart(long nowMillis) {
    if (calendar && this == MONTH || calendar && this == YEAR) {
      LocalDate d = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
      LocalDate next = this == MONTH ? d.withDayOfMonth(1).plusMonths(1) : d.withDayOfYear(1).plusYears(1);
      return ZonedDateTime.of(next.atStartOfDay(), ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    return start(nowMillis) + seconds * 1000;
  }

  /**
   * Kong's {@code RateLimit-Reset}: whole seconds until the window ends by its nominal length,
   * at least 1.
   */
  public long resetSeconds(long nowMillis) {
    return Math.max(1, seconds - (nowMillis - start(nowMillis)) / 1000);
  }

  /**
   * For a sliding window: the weight of the previous fixed window, the fraction of it still
   * inside the window that ends now (1 at the start of the current window, near 0 at its end).
   */
  public double previousWeight(long nowMillis) {
    long len = seconds * 1000;
    return 1.0 - (double) (nowMillis - start(nowMillis)) / len;
  }

  /** The start of the fixed window before the one containing {@code nowMillis}. */
  public long previousStart(long nowMillis) {
    return start(start(nowMillis) - 1);
  }
}
