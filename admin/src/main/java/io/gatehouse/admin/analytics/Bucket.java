package io.gatehouse.admin.analytics;

import java.util.Locale;
import java.util.Optional;

/** The time buckets of aggregates (UTC): a fixed length in ms, or a DuckDB {@code date_trunc} part. */
public enum Bucket {
  MINUTE(60_000L), HOUR(3_600_000L), DAY(86_400_000L), WEEK(0), MONTH(0);

  /** The bucket's length when every bucket has the same one (0: weeks from Monday, months). */
  private final long fixedMillis;

  Bucket(long fixedMillis) {
    this.fixedMillis = fixedMillis;
  }

  /** The bucket's length in ms, or 0 for weeks and months. */
  long fixedMillis() {
    return fixedMillis;
  }

  /** The bucket named {@code minute} … {@code month}, or empty. */
  public static Optional<Bucket> parse(String name) {
    for (Bucket b : values()) {
      if (b.name().toLowerCase(Locale.ROOT).equals(name)) return Optional.of(b);
    }
    return Optional.empty();
  }

  /**
   * SQL for the epoch-ms start of the bucket holding {@code column} (epoch ms). Fixed-length
   * buckets use integer arithmetic, the same UTC boundaries as {@code date_trunc} and about twice
   * as fast over millions of rows (no timestamp conversion); weeks and months use {@code date_trunc}.
   */
  String startSql(String column) {
    if (fixedMillis > 0) return "(" + column + " // " + fixedMillis + " * " + fixedMillis + ")";
    return "epoch_ms(date_trunc('" + name().toLowerCase(Locale.ROOT) + "', epoch_ms(" + column + ")))";
  }
}
