package io.gatehouse.admin.analytics;

import java.util.Locale;
import java.util.Optional;

/** The time buckets of aggregates, each a DuckDB {@code date_trunc} part. */
public enum Bucket {
  MINUTE, HOUR, DAY, WEEK, MONTH;

  /** The bucket named {@code minute} … {@code month}, or empty. */
  public static Optional<Bucket> parse(String name) {
    for (Bucket b : values()) {
      if (b.name().toLowerCase(Locale.ROOT).equals(name)) return Optional.of(b);
    }
    return Optional.empty();
  }

  String sqlPart() {
    return name().toLowerCase(Locale.ROOT);
  }
}
