package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Arrow route stores exactly what DuckDB's Appender stores, for a whole row group of calls. */
class ArrowCallNumbersTest {
  @TempDir Path dir;

  /** A row group of calls with the edge values of each packed number. */
  private static CallRows rowGroupOfCalls() {
    CallRing ring = new CallRing(CallSchema.ROW_GROUP);
    Random random = new Random(7);
    String[] edgeIds = {"ffffffffffffffffffffffffffffffff", "00000000000000000000000000000000", "not-hex"};
    for (int i = 0; i < CallSchema.ROW_GROUP; i++) {
      String id = i < edgeIds.length ? edgeIds[i] : "%016x%016x".formatted(random.nextLong(), random.nextLong());
      long latency = i % 5 == 0 ? -1 : i % 2_000_000; // Kong's -1, and some past the packed range
      ring.record(new CallRecord(1_765_000_000_000L + i, id, CallRecord.DEFAULT_WORKSPACE, "s" + i % 3, null,
          "r" + i % 7, null, null, null, "GET", "/p/" + i % 1000, 200 + i % 4, latency, i % 50, i % 3,
          i % 11 == 0 ? 3_000_000_000L : i, 91, i % 9 == 0 ? null : "10.0.0." + i % 250, null));
    }
    CallStrings strings = new CallStrings();
    strings.reset(0);
    CallRows rows = new CallRows(CallSchema.ROW_GROUP, new CallContexts(), strings);
    assertThat(ring.drainTo(rows)).isEqualTo(CallSchema.ROW_GROUP);
    assertThat(rows.full()).isTrue();
    return rows;
  }

  private static DuckDBConnection open(Path file) throws SQLException {
    DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
    CallSchema.createOrMigrate(c);
    return c;
  }

  private static List<String> stored(DuckDBConnection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM call_numbers ORDER BY started_at")) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= CallSchema.NUMBERS_COLUMNS.size(); i++) row.append(rs.getLong(i)).append(' ');
        out.add(row.toString());
      }
    }
    return out;
  }

  @Test
  void aRowGroupInsertedAsArrowColumnsEqualsTheAppendedOne() throws Exception {
    CallRows rows = rowGroupOfCalls();
    ArrowCallNumbers arrow = ArrowCallNumbers.create(CallSchema.ROW_GROUP);
    assertThat(arrow).as("Arrow runs in the test JVM (surefire opens java.nio as the launcher does)").isNotNull();
    try (arrow;
        DuckDBConnection viaArrow = open(dir.resolve("arrow.duckdb"));
        DuckDBConnection viaAppender = open(dir.resolve("appender.duckdb"))) {
      arrow.insert(viaArrow, rows);
      arrow.insert(viaArrow, rows); // the columns are reused batch after batch
      try (DuckDBAppender a = viaAppender.createAppender(DuckDBConnection.DEFAULT_SCHEMA, CallSchema.NUMBERS)) {
        rows.appendRows(a);
        rows.appendRows(a);
      }
      List<String> expected = stored(viaAppender);
      assertThat(expected).hasSize(2 * CallSchema.ROW_GROUP);
      assertThat(stored(viaArrow)).isEqualTo(expected);
      try (Statement s = viaArrow.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE id_high = -1 AND id_low = -1),"
              + " count(*) FILTER (WHERE latencies & " + CallSchema.DETAILED + " <> 0) FROM call_numbers")) {
        rs.next();
        assertThat(rs.getLong(1)).as("the all-f request id, stored as two -1s").isEqualTo(2);
        assertThat(rs.getLong(2)).as("calls with a call_details row").isPositive();
      }
    }
  }
}
