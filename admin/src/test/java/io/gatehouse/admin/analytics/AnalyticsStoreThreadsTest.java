package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB gets as many worker threads as it is told (the node tells it the JVM's CPUs), never fewer than one. */
class AnalyticsStoreThreadsTest {
  @TempDir Path dir;

  @Test
  void duckDbRunsTheThreadsItIsGiven() throws Exception {
    assertThat(threads(AnalyticsStore.connect(dir.resolve("one.duckdb"), 1))).isEqualTo(1);
    assertThat(threads(AnalyticsStore.connect(dir.resolve("three.duckdb"), 3))).isEqualTo(3);
    assertThat(threads(AnalyticsStore.connect(dir.resolve("none.duckdb"), 0))).isEqualTo(1);
  }

  private static long threads(DuckDBConnection c) throws Exception {
    try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
