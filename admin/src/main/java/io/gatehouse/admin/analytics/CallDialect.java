package io.gatehouse.admin.analytics;

import java.util.Locale;

/**
 * Where the call log's two engines differ in SQL, and only that: {@link CallQueries} writes the rest
 * once. DuckDB is the node's own file ({@code analytics_store = local}); PostgreSQL is the cluster's
 * shared table ({@code analytics_store = postgres}).
 */
public enum CallDialect {
  DUCKDB("calls", "call_stats") {
    @Override
    String bucketStart(Bucket bucket, String column) {
      return bucket.startSql(column);
    }

    @Override
    String anyValue(String column) {
      return "any_value(" + column + ")";
    }

    @Override
    String percentiles(String column) {
      // one list-valued quantile sorts each group once for all three (about half the time of three)
      return "quantile_cont(" + column + ", [0.5, 0.95, 0.99])";
    }
  },
  POSTGRES("analytics_calls", "analytics_calls") {
    @Override
    String bucketStart(Bucket bucket, String column) {
      long fixed = bucket.fixedMillis();
      if (fixed > 0) return "(" + column + " / " + fixed + " * " + fixed + ")"; // bigint division truncates
      // date_trunc in UTC whatever the session's TimeZone; weeks start on Monday as in DuckDB
      return "(extract(epoch FROM date_trunc('" + bucket.name().toLowerCase(Locale.ROOT) + "', to_timestamp("
          + column + " / 1000), 'UTC')) * 1000)::bigint";
    }

    @Override
    String anyValue(String column) {
      return "min(" + column + ")"; // any_value needs PostgreSQL 16
    }

    @Override
    String percentiles(String column) {
      // the same linear interpolation as DuckDB's quantile_cont, one sort for the three
      return "percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY " + column + ")";
    }
  };

  /** The table of calls. */
  final String table;
  /** The same calls with the columns aggregates read (a narrower view where that saves joins). */
  final String statsTable;

  CallDialect(String table, String statsTable) {
    this.table = table;
    this.statsTable = statsTable;
  }

  /** The epoch-ms start (BIGINT) of the UTC bucket holding {@code column} (epoch ms). */
  abstract String bucketStart(Bucket bucket, String column);

  /** One of the group's values of {@code column} (a name, the same on every row of an id in practice). */
  abstract String anyValue(String column);

  /** An array of p50, p95 and p99 of {@code column} by linear interpolation; null for no rows. */
  abstract String percentiles(String column);
}
