package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Each bucket's SQL gives the same UTC start as DuckDB's {@code date_trunc} (in-memory DuckDB). */
class BucketTest {
  @Test
  void bucketStartsMatchDateTrunc() throws Exception {
    long[] samples = {0L, 1L, 59_999L, 60_000L, 1_764_950_400_123L, 1_764_979_199_999L, 1_767_225_599_999L,
        1_767_225_600_000L, 1_709_164_800_000L + 86_399_999L};
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (Bucket b : Bucket.values()) {
        String part = b.name().toLowerCase(java.util.Locale.ROOT);
        for (long t : samples) {
          try (ResultSet rs = s.executeQuery("SELECT " + b.startSql(Long.toString(t)) + ", epoch_ms(date_trunc('" + part
              + "', epoch_ms(" + t + ")))")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as(b + " of " + t).isEqualTo(rs.getLong(2));
          }
        }
      }
    }
  }
}
