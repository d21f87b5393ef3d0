package io.gatehouse.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The floor of DuckDB's insert, with no Java per value: rows made inside DuckDB from {@code range()} and
 * inserted with one vectorized {@code INSERT … SELECT} per batch (as the writer commits a batch), then a
 * {@code CHECKPOINT}; process CPU per row. If this alone exceeds the writer's budget per call, no way of
 * handing rows to DuckDB from Java (Appender, lists, CSV) can meet it.
 * {@code java -cp … io.gatehouse.bench.AnalyticsInsertFloor [rows per batch] [batches] [rounds]}
 */
public final class AnalyticsInsertFloor {
  private AnalyticsInsertFloor() {}

  private static final String ROWS_TABLE = "CREATE TABLE call_rows (started_at BIGINT NOT NULL, context INTEGER NOT NULL,"
      + " packed VARCHAR NOT NULL, latency_request INTEGER NOT NULL, latency_proxy INTEGER NOT NULL,"
      + " latency_kong INTEGER NOT NULL, request_bytes BIGINT NOT NULL, response_bytes BIGINT NOT NULL, payload VARCHAR)";
  private static final String NUMBERS = "1765000000000 + i, (i % 40)::INTEGER, %s, (i % 97)::INTEGER, (i % 13)::INTEGER, 1, 0, 412, NULL";

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, String[]> variants = new LinkedHashMap<>(); // name -> table, insert
    variants.put("call_rows, distinct 50-char packed string (as written today)", new String[] {ROWS_TABLE,
        "INSERT INTO call_rows SELECT " + NUMBERS.replace("%s", "printf('%032x', i) || chr(10) || '127.0.0.1' || chr(10) || '/calls/hello'")});
    variants.put("call_rows, one constant string", new String[] {ROWS_TABLE,
        "INSERT INTO call_rows SELECT " + NUMBERS.replace("%s", "'x'")});
    variants.put("3 columns: started_at, context, one BIGINT", new String[] {
        "CREATE TABLE call_rows (started_at BIGINT NOT NULL, context INTEGER NOT NULL, n BIGINT NOT NULL)",
        "INSERT INTO call_rows SELECT 1765000000000 + i, (i % 40)::INTEGER, i % 977 FROM range(?::BIGINT, ?::BIGINT) t(i)"});
    variants.put("1 column: started_at", new String[] {"CREATE TABLE call_rows (started_at BIGINT NOT NULL)",
        "INSERT INTO call_rows SELECT 1765000000000 + i FROM range(?::BIGINT, ?::BIGINT) t(i)"});
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, String[]> v : variants.entrySet()) {
        String insert = v.getValue()[1].contains("range(") ? v.getValue()[1] : v.getValue()[1] + " FROM range(?::BIGINT, ?::BIGINT) t(i)";
        double[] perRow = run(os, v.getValue()[0], insert, batch, batches);
        System.out.printf("round %d, %s: %d x %,d rows: %.2f µs CPU per row (inserts %.2f, final checkpoint %.2f)%n",
            round, v.getKey(), batches, batch, perRow[0] + perRow[1], perRow[0], perRow[1]);
      }
      double[] appender = appendThree(os, batch, batches);
      System.out.printf("round %d, 3 columns through the JDBC Appender from Java: %d x %,d rows: %.2f µs CPU per row"
          + " (appends %.2f, final checkpoint %.2f)%n", round, batches, batch, appender[0] + appender[1], appender[0], appender[1]);
    }
  }

  /** The 3-column row again, handed over value by value through {@code DuckDBAppender}, one batch per transaction. */
  private static double[] appendThree(OperatingSystemMXBean os, int batch, int batches)
      throws SQLException, java.io.IOException {
    Path dir = Files.createTempDirectory("gatehouse-bench-floor");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("floor.duckdb"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE call_rows (started_at BIGINT NOT NULL, context INTEGER NOT NULL, n BIGINT NOT NULL)");
      long p0 = os.getProcessCpuTime();
      long i = 0;
      for (int b = 0; b < batches; b++) {
        try (DuckDBAppender a = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "call_rows")) {
          for (int r = 0; r < batch; r++, i++) {
            a.beginRow();
            a.append(1_765_000_000_000L + i);
            a.append((int) (i % 40));
            a.append(i % 977);
            a.endRow();
          }
        }
      }
      long appends = os.getProcessCpuTime() - p0;
      s.execute("CHECKPOINT");
      long all = os.getProcessCpuTime() - p0;
      double rows = (double) batch * batches;
      return new double[] {appends / 1e3 / rows, (all - appends) / 1e3 / rows};
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static double[] run(OperatingSystemMXBean os, String table, String insert, int batch, int batches)
      throws SQLException, java.io.IOException {
    Path dir = Files.createTempDirectory("gatehouse-bench-floor");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("floor.duckdb"));
        Statement s = c.createStatement()) {
      s.execute(table);
      long p0 = os.getProcessCpuTime();
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        for (long b = 0; b < batches; b++) {
          ps.setLong(1, b * batch);
          ps.setLong(2, (b + 1) * batch);
          ps.executeUpdate();
        }
      }
      long inserts = os.getProcessCpuTime() - p0;
      s.execute("CHECKPOINT");
      long all = os.getProcessCpuTime() - p0;
      double rows = (double) batch * batches;
      return new double[] {inserts / 1e3 / rows, (all - inserts) / 1e3 / rows};
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    }
  }
}
