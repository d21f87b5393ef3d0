package io.gatehouse.store.records;

import io.gatehouse.core.records.RecordTable;
import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code plugin_records} table. Blocking: call it from a worker thread, never an event loop.
 * Every operation is one statement in auto-commit, so it needs no transaction of its own; a take
 * is {@code DELETE … RETURNING}, which only one caller can win on SQLite and PostgreSQL alike.
 *
 * <ul>
 *   <li>one connection ({@link #SqlRecordTable(Connection, LongSupplier)}): SQLite, a file or a
 *       memory database; calls take turns.
 *   <li>a pool ({@link #pooled(DataSource, LongSupplier)}): PostgreSQL; calls run concurrently.
 * </ul>
 *
 * Expired rows are ignored on read and swept now and then.
 */
public final class SqlRecordTable implements RecordTable {
  private static final String GET = "SELECT value, expires_at FROM plugin_records"
      + " WHERE namespace = ? AND record_key = ? AND expires_at > ?";
  private static final String PUT = "INSERT INTO plugin_records (namespace, record_key, value, expires_at)"
      + " VALUES (?, ?, ?, ?) ON CONFLICT (namespace, record_key)"
      + " DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at";
  private static final String TAKE = "DELETE FROM plugin_records WHERE namespace = ? AND record_key = ?"
      + " RETURNING value, expires_at";
  private static final String LIST = "SELECT record_key, value, expires_at FROM plugin_records"
      + " WHERE namespace = ? AND record_key > ? AND expires_at > ? ORDER BY record_key LIMIT ?";
  private static final String SWEEP = "DELETE FROM plugin_records WHERE expires_at <= ?";

  private final ConnectionTurns connections;
  private final LongSupplier clock;

  /**
   * @param connection a connection in auto-commit mode that this object owns from now on
   * @param clock epoch millis deciding expiry
   */
  public SqlRecordTable(Connection connection, LongSupplier clock) {
    this(ConnectionTurns.single(connection), clock);
  }

  private SqlRecordTable(ConnectionTurns connections, LongSupplier clock) {
    this.connections = connections;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records through a pool of auto-commit connections that this object owns from now on. */
  public static SqlRecordTable pooled(DataSource pool, LongSupplier clock) {
    return new SqlRecordTable(ConnectionTurns.pooled(pool), clock);
  }

  @Override
  public Optional<Stored> get(String namespace, String key) {
    check(namespace, key);
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement(GET)) {
        ps.setString(1, namespace);
        ps.setString(2, key);
        ps.setLong(3, clock.getAsLong());
        try (ResultSet rs = connections.statement(GET, ps::executeQuery)) {
          return rs.next() ? Optional.of(new Stored(key, rs.getString(1), rs.getLong(2))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void put(String namespace, String key, String value, long expiresAtMillis) {
    check(namespace, key);
    Objects.requireNonNull(value, "value");
    run(c -> {
      try (PreparedStatement ps = c.prepareStatement(PUT)) {
        ps.setString(1, namespace);
        ps.setString(2, key);
        ps.setString(3, value);
        ps.setLong(4, expiresAtMillis);
        connections.statement(PUT, ps::executeUpdate);
      }
      connections.sweepNowAndThen(c, SWEEP, clock.getAsLong());
      return null;
    });
  }

  @Override
  public boolean delete(String namespace, String key) {
    return take(namespace, key).isPresent();
  }

  @Override
  public Optional<Stored> take(String namespace, String key) {
    check(namespace, key);
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement(TAKE)) {
        ps.setString(1, namespace);
        ps.setString(2, key);
        try (ResultSet rs = connections.statement(TAKE, ps::executeQuery)) {
          if (!rs.next() || rs.getLong(2) <= clock.getAsLong()) {
            return Optional.empty();
          }
          return Optional.of(new Stored(key, rs.getString(1), rs.getLong(2)));
        }
      }
    });
  }

  @Override
  public List<Stored> list(String namespace, @Nullable String afterKey, int limit) {
    check(namespace, afterKey == null ? "-" : afterKey);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return run(c -> {
      try (PreparedStatement ps = c.prepareStatement(LIST)) {
        ps.setString(1, namespace);
        ps.setString(2, afterKey == null ? "" : afterKey);
        ps.setLong(3, clock.getAsLong());
        ps.setInt(4, limit);
        List<Stored> out = new ArrayList<>();
        try (ResultSet rs = connections.statement(LIST, ps::executeQuery)) {
          while (rs.next()) {
            out.add(new Stored(rs.getString(1), rs.getString(2), rs.getLong(3)));
          }
        }
        return out;
      }
    });
  }

  private static void check(String namespace, String key) {
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException("namespace must be a non-empty string");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must be a non-empty string");
    }
  }

  private <T> T run(ConnectionTurns.Work<T> work) {
    try {
      return connections.use(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError("plugin record operation failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw Jdbc.databaseError("cannot close the plugin records connection: " + e.getMessage(), e);
    }
  }
}
