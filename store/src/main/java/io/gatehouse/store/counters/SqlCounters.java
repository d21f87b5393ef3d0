package io.gatehouse.store.counters;

import io.gatehouse.store.internal.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The {@code ratelimiting_metrics} table through one JDBC connection. Blocking: call it from a
 * worker thread, never an event loop. Each call is one transaction; on SQLite it begins IMMEDIATE
 * (the write lock is taken first), so admissions from several connections or processes on one
 * file are serialized and exact. Expired rows are ignored on read and swept now and then.
 */
public final class SqlCounters implements AutoCloseable {
  private static final String READ = "SELECT value FROM ratelimiting_metrics WHERE counter_key = ? AND expires_at > ?";
  private static final String UPSERT = "INSERT INTO ratelimiting_metrics (counter_key, value, expires_at) VALUES (?, ?, ?)"
      + " ON CONFLICT (counter_key) DO UPDATE SET value = CASE WHEN ratelimiting_metrics.expires_at > ?"
      + " THEN ratelimiting_metrics.value + excluded.value ELSE excluded.value END, expires_at = excluded.expires_at";
  private static final String SWEEP = "DELETE FROM ratelimiting_metrics WHERE expires_at <= ?";
  private static final long SWEEP_EVERY_MILLIS = 60_000;

  private final Connection connection;
  private final String begin;
  private final LongSupplier clock;
  private final ReentrantLock lock = new ReentrantLock();
  private long lastSweep;

  /**
   * @param connection a connection in auto-commit mode that this object owns from now on
   * @param begin the statement opening a write transaction ({@code BEGIN IMMEDIATE} on SQLite,
   *     {@code BEGIN} on PostgreSQL)
   * @param clock epoch millis deciding expiry
   */
  public SqlCounters(Connection connection, String begin, LongSupplier clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.begin = Objects.requireNonNull(begin, "begin");
    this.clock = Objects.requireNonNull(clock, "clock");
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
    return inTransaction(now -> {
      long[] values = read(keys, now);
      boolean fits = true;
      for (int i = 0; i < keys.length; i++) {
        fits &= values[i] + cost <= limits[i];
      }
      if (fits && cost != 0) {
        long[] deltas = new long[keys.length];
        java.util.Arrays.fill(deltas, cost);
        upsert(keys, deltas, expiresAt, now);
      }
      return values;
    });
  }

  /** Adds each delta unconditionally; returns the values before the addition. */
  public long[] add(String[] keys, long[] deltas, long[] expiresAt) {
    check(keys, deltas, expiresAt);
    return inTransaction(now -> {
      long[] values = read(keys, now);
      upsert(keys, deltas, expiresAt, now);
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
    long[] run(long now) throws SQLException;
  }

  private long[] inTransaction(Work work) {
    lock.lock();
    try (Statement st = connection.createStatement()) {
      long now = clock.getAsLong();
      st.execute(begin);
      try {
        long[] out = work.run(now);
        if (now - lastSweep >= SWEEP_EVERY_MILLIS) {
          lastSweep = now;
          try (PreparedStatement sweep = connection.prepareStatement(SWEEP)) {
            sweep.setLong(1, now);
            sweep.executeUpdate();
          }
        }
        st.execute("COMMIT");
        return out;
      } catch (SQLException | RuntimeException e) {
        try {
          st.execute("ROLLBACK");
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.databaseError("counter update failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private long[] read(String[] keys, long now) throws SQLException {
    long[] values = new long[keys.length];
    try (PreparedStatement ps = connection.prepareStatement(READ)) {
      for (int i = 0; i < keys.length; i++) {
        ps.setString(1, keys[i]);
        ps.setLong(2, now);
        try (ResultSet rs = ps.executeQuery()) {
          values[i] = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    return values;
  }

  private void upsert(String[] keys, long[] deltas, long[] expiresAt, long now) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
      for (int i = 0; i < keys.length; i++) {
        ps.setString(1, keys[i]);
        ps.setLong(2, deltas[i]);
        ps.setLong(3, expiresAt[i]);
        ps.setLong(4, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw Jdbc.databaseError("cannot close the counter connection: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
