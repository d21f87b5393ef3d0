package io.gatehouse.store.login;

import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the login tables share: rows named by a hash ({@code key}) that expire ({@code expires_at},
 * epoch millis), statements run on a store's connections, and a bounded sweep of expired rows at
 * most once a minute. {@link LoginSessionRows} and {@link OidcLoginRows} are views over one each.
 */
final class HashedRows {
  /** Expired rows removed per sweep, so one sweep stays a short statement however many piled up. */
  static final int SWEEP_LIMIT = 1000;
  private static final long SWEEP_EVERY_MILLIS = 60_000;

  private final ConnectionTurns connections;
  private final String what;
  private final String sweep;
  private final AtomicLong lastSweep = new AtomicLong();

  /** @param table the table; @param key its primary key column (the hash) */
  HashedRows(ConnectionTurns connections, String table, String key) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.what = Objects.requireNonNull(table, "table");
    this.sweep = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
        + " WHERE expires_at <= ? LIMIT " + SWEEP_LIMIT + ")";
  }

  /** Deletes up to {@link #SWEEP_LIMIT} expired rows when a minute has passed since the last sweep. */
  void sweepNowAndThen(long nowMillis) {
    long last = lastSweep.get();
    if (nowMillis - last >= SWEEP_EVERY_MILLIS && lastSweep.compareAndSet(last, nowMillis)) {
      sweep(nowMillis);
    }
  }

  /** Deletes up to {@link #SWEEP_LIMIT} expired rows; returns how many. */
  int sweep(long nowMillis) {
    return run(c -> update(c, sweep, nowMillis));
  }

  /** Runs statements on one of the store's connections; a database failure is Kong's database error. */
  <T> T run(ConnectionTurns.Work<T> work) {
    try {
      return connections.use(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError(what + " operation failed: " + e.getMessage(), e);
    }
  }
}
