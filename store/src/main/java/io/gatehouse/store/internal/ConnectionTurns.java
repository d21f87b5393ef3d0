package io.gatehouse.store.internal;

import io.gatehouse.core.records.QueryTrace;
import io.gatehouse.store.StoreTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Where a side table's statements run: one owned connection whose users take turns (SQLite: a file
 * or a shared in-memory database), a pool whose connections are borrowed per call (PostgreSQL), or
 * an open store transaction's connection ({@link #joining}).
 * Also sweeps expired rows at most once a minute, on whichever call comes first, and reports each
 * statement to a traced request's listener ({@link QueryTrace}, Kong's {@code db_query}).
 */
public final class ConnectionTurns implements AutoCloseable {
  private static final long SWEEP_EVERY_MILLIS = 60_000;

  /** Statements on one connection. */
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One statement's execution. */
  public interface Execution<T> {
    T run() throws SQLException;
  }

  private final @Nullable Connection connection;
  private final @Nullable DataSource pool;
  private final @Nullable StoreTransaction joined;
  private final String system; // Kong's db.system: one connection is SQLite, a pool PostgreSQL
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong lastSweep = new AtomicLong();

  private ConnectionTurns(@Nullable Connection connection, @Nullable DataSource pool, @Nullable StoreTransaction joined) {
    this.connection = connection;
    this.pool = pool;
    this.joined = joined;
    this.system = pool == null ? "sqlite" : "postgres";
  }

  /** One auto-commit connection, owned from now on; calls take turns on it. */
  public static ConnectionTurns single(Connection connection) {
    return new ConnectionTurns(Objects.requireNonNull(connection, "connection"), null, null);
  }

  /** A pool of auto-commit connections, owned from now on; calls run concurrently. */
  public static ConnectionTurns pooled(DataSource pool) {
    return new ConnectionTurns(null, Objects.requireNonNull(pool, "pool"), null);
  }

  /**
   * The connection of an open store transaction ({@link StoreTransaction#sideTables}): statements
   * commit or roll back with its entities. Owns nothing; only for the thread running that transaction.
   */
  public static ConnectionTurns joining(StoreTransaction tx) {
    return new ConnectionTurns(null, null, Objects.requireNonNull(tx, "tx"));
  }

  /** Runs the work on a connection: the single one under the lock, or one borrowed from the pool. */
  public <T> T use(Work<T> work) throws SQLException {
    if (joined != null) {
      return joined.sideTables(work::run);
    }
    if (pool == null) {
      lock.lock();
      try {
        return work.run(Objects.requireNonNull(connection));
      } finally {
        lock.unlock();
      }
    }
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  /**
   * Runs the work as one transaction: its own on an auto-commit connection, or the joined store
   * transaction's (where the work is atomic on its own: {@link StoreTransaction#sideTables}).
   */
  public <T> T transaction(Work<T> work) throws SQLException {
    return joined != null ? use(work) : use(c -> SideStatements.inTransaction(c, work));
  }

  /**
   * Executes one statement whose text is {@code sql}, reported to the traced request this thread
   * works for, if any ({@link QueryTrace}); otherwise just executes it.
   */
  public <T> T statement(String sql, Execution<T> execution) throws SQLException {
    long start = QueryTrace.start();
    if (start == 0) return execution.run();
    try {
      T out = execution.run();
      QueryTrace.end(system, sql, start, null);
      return out;
    } catch (SQLException | RuntimeException e) {
      QueryTrace.end(system, sql, start, e);
      throw e;
    }
  }

  /**
   * Runs {@code sweep} (a DELETE with the current time as its one parameter) when a minute has
   * passed since the last sweep through this object.
   */
  public void sweepNowAndThen(Connection c, String sweep, long now) throws SQLException {
    sweepNowAndThen(c, now, now, sweep);
  }

  /**
   * Runs each of {@code sweeps} (DELETEs with {@code bound} as their one parameter) when a minute
   * has passed, by {@code nowMillis}, since the last sweep through this object.
   */
  public void sweepNowAndThen(Connection c, long nowMillis, long bound, String... sweeps) throws SQLException {
    long last = lastSweep.get();
    if (nowMillis - last >= SWEEP_EVERY_MILLIS && lastSweep.compareAndSet(last, nowMillis)) {
      for (String sweep : sweeps) {
        try (PreparedStatement ps = c.prepareStatement(sweep)) {
          ps.setLong(1, bound);
          statement(sweep, ps::executeUpdate);
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    lock.lock();
    try {
      if (connection != null) {
        connection.close();
      }
      if (pool instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
