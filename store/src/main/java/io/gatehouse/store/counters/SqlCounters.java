package io.gatehouse.store.counters;

import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The {@code ratelimiting_metrics} table. Blocking: call it from a worker thread, never an event
 * loop. Each call is one transaction that serializes with every other admission of the same keys,
 * from any connection, process or node, so admissions are exact:
 *
 * <ul>
 *   <li>SQLite ({@link #SqlCounters(Connection, String, LongSupplier)}): one connection, and the
 *       transaction begins IMMEDIATE (the file's write lock is taken first).
 *   <li>PostgreSQL ({@link #rowLocking(DataSource, LongSupplier)}): a pool; the transaction first
 *       creates missing counter rows and locks them ({@code SELECT … FOR UPDATE}, keys in sorted
 *       order so two admissions never deadlock), then reads and adds.
 * </ul>
 *
 * Expired rows are ignored on read and swept now and then.
 */
public final class SqlCounters implements AutoCloseable {
  private static final String READ = "SELECT value FROM ratelimiting_metrics WHERE counter_key = ? AND expires_at > ?";
  private static final String UPSERT = "INSERT INTO ratelimiting_metrics (counter_key, value, expires_at) VALUES (?, ?, ?)"
      + " ON CONFLICT (counter_key) DO UPDATE SET value = CASE WHEN ratelimiting_metrics.expires_at > ?"
      + " THEN ratelimiting_metrics.value + excluded.value ELSE excluded.value END, expires_at = excluded.expires_at";
  private static final String CREATE = "INSERT INTO ratelimiting_metrics (counter_key, value, expires_at) VALUES (?, 0, ?)"
      + " ON CONFLICT (counter_key) DO NOTHING";
  private static final String LOCK = "SELECT value FROM ratelimiting_metrics WHERE counter_key = ? FOR UPDATE";
  private static final String SWEEP = "DELETE FROM ratelimiting_metrics WHERE expires_at <= ?";

  private final ConnectionTurns connections;
  private final String begin;
  private final boolean lockRows;
  private final LongSupplier clock;

  /**
   * @param connection a connection in auto-commit mode that this object owns from now on
   * @param begin the statement opening a write transaction that serializes with other writers
   *     ({@code BEGIN IMMEDIATE} on SQLite)
   * @param clock epoch millis deciding expiry
   */
  public SqlCounters(Connection connection, String begin, LongSupplier clock) {
    this(ConnectionTurns.single(connection), begin, false, clock);
  }

  private SqlCounters(ConnectionTurns connections, String begin, boolean lockRows, LongSupplier clock) {
    this.connections = connections;
    this.begin = Objects.requireNonNull(begin, "begin");
    this.lockRows = lockRows;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counters on a database with row locks (PostgreSQL), through a pool of auto-commit connections
   * that this object owns from now on (closed with it when it is {@link AutoCloseable}). Calls run
   * concurrently; a broken connection is replaced by the pool, so an outage ends by itself.
   */
  public static SqlCounters rowLocking(DataSource pool, LongSupplier clock) {
    return new SqlCounters(ConnectionTurns.pooled(pool), "BEGIN", true, clock);
  }

  /**
   * Atomically reads every counter and, when each has room ({@code value + cost <= limits[i]}), adds
   * {@code cost} to all of them; otherwise adds nothing. A cost of 0 only reads.
   *
   * @param expiresAt epoch millis per counter, applied when it is created
   * @return the values before the addition
   */
  public long[] admit(String[] keys, long[] limits, long cost, long[] expiresAt) {
    check(keys, limits, expiresAt);
    return inTransaction(keys, expiresAt, (c, now) -> {
      long[] values = read(c, keys, now);
      boolean fits = true;
      for (int i = 0; i < keys.length; i++) {
        fits &= values[i] + cost <= limits[i];
      }
      if (fits && cost != 0) {
        long[] deltas = new long[keys.length];
        Arrays.fill(deltas, cost);
        upsert(c, keys, deltas, expiresAt, now);
      }
      return values;
    });
  }

  /** Adds each delta unconditionally; returns the values before the addition. */
  public long[] add(String[] keys, long[] deltas, long[] expiresAt) {
    check(keys, deltas, expiresAt);
    return inTransaction(keys, expiresAt, (c, now) -> {
      long[] values = read(c, keys, now);
      upsert(c, keys, deltas, expiresAt, now);
      return values;
    });
  }

  private static void check(String[] keys, long[] perKey, long[] expiresAt) {
    if (perKey.length != keys.length || expiresAt.length != keys.length) {
      throw new IllegalArgumentException("keys, values and expiresAt must have one entry per key, got "
          + keys.length + ", " + perKey.length + ", " + expiresAt.length);
    }
  }

  private interface Work {
    long[] run(Connection c, long now) throws SQLException;
  }

  private long[] inTransaction(String[] keys, long[] expiresAt, Work work) {
    try {
      // one connection: its transactions take turns and must not interleave
      return connections.use(c -> {
        try (Statement st = c.createStatement()) {
          long now = clock.getAsLong();
          connections.statement(begin, () -> st.execute(begin));
          try {
            if (lockRows) {
              lockRows(c, keys, expiresAt);
            }
            long[] out = work.run(c, now);
            connections.sweepNowAndThen(c, SWEEP, now);
            connections.statement("COMMIT", () -> st.execute("COMMIT"));
            return out;
          } catch (SQLException | RuntimeException e) {
            try {
              connections.statement("ROLLBACK", () -> st.execute("ROLLBACK"));
            } catch (SQLException r) {
              e.addSuppressed(r);
            }
            throw e;
          }
        }
      });
    } catch (SQLException e) {
      throw Jdbc.databaseError("counter update failed: " + e.getMessage(), e);
    }
  }

  /** Creates the missing rows and locks all of them, in key order so lockers never deadlock. */
  private void lockRows(Connection c, String[] keys, long[] expiresAt) throws SQLException {
    Integer[] order = new Integer[keys.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
    try (PreparedStatement create = c.prepareStatement(CREATE); PreparedStatement lock = c.prepareStatement(LOCK)) {
      for (int i : order) {
        create.setString(1, keys[i]);
        create.setLong(2, expiresAt[i]);
        connections.statement(CREATE, create::executeUpdate);
        lock.setString(1, keys[i]);
        connections.statement(LOCK, lock::executeQuery).close();
      }
    }
  }

  private long[] read(Connection c, String[] keys, long now) throws SQLException {
    long[] values = new long[keys.length];
    try (PreparedStatement ps = c.prepareStatement(READ)) {
      for (int i = 0; i < keys.length; i++) {
        ps.setString(1, keys[i]);
        ps.setLong(2, now);
        try (ResultSet rs = connections.statement(READ, ps::executeQuery)) {
          values[i] = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    return values;
  }

  private void upsert(Connection c, String[] keys, long[] deltas, long[] expiresAt, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (int i = 0; i < keys.length; i++) {
        ps.setString(1, keys[i]);
        ps.setLong(2, deltas[i]);
        ps.setLong(3, expiresAt[i]);
        ps.setLong(4, now);
        ps.addBatch();
      }
      connections.statement(UPSERT, ps::executeBatch);
    }
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw Jdbc.databaseError("cannot close the counter connection: " + e.getMessage(), e);
    }
  }
}
