package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB runs the worker threads it is told (the node tells it the JVM's CPUs), never fewer than one,
 * and within the memory limit the store is opened with.
 */
class AnalyticsStoreConnectTest {
  @TempDir Path dir;

  @Test
  void duckDbRunsTheThreadsItIsGiven() throws Exception {
    assertThat(setting(AnalyticsStore.connect(dir.resolve("one.duckdb"), 1, 0), "threads")).isEqualTo("1");
    assertThat(setting(AnalyticsStore.connect(dir.resolve("three.duckdb"), 3, 0), "threads")).isEqualTo("3");
    assertThat(setting(AnalyticsStore.connect(dir.resolve("none.duckdb"), 0, 0), "threads")).isEqualTo("1");
  }

  @Test
  void theStoreKeepsToItsMemoryLimit() throws Exception {
    assertThat(setting(AnalyticsStore.connect(dir.resolve("small.duckdb"), 1, 256L << 20), "memory_limit"))
        .isEqualTo("256.0 MiB");
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("default.duckdb"), 64, 0, 0,
        Duration.ofDays(1)))) {
      try (var c = store.connection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_setting('memory_limit')")) {
        rs.next();
        assertThat(rs.getString(1)).as("analytics_memory_limit's default, 1g").isEqualTo("1.0 GiB");
      }
    }
  }

  private static String setting(DuckDBConnection c, String name) throws Exception {
    try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
