package io.gatehouse.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.records.SqlRecordTable;
import io.gatehouse.store.internal.Jdbc;
import io.gatehouse.store.internal.JdbcConfigStore;
import io.gatehouse.store.internal.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit is on
 * disk before it is acknowledged and a {@code kill -9} loses nothing acknowledged.
 *
 * <p>One dedicated connection writes, guarded by a lock (SQLite allows one writer; the lock makes
 * writers queue here instead of spinning on {@code SQLITE_BUSY}). Readers use a small pool and
 * run concurrently with the writer, each on its own WAL snapshot.
 */
public final class SqliteConfigStore extends JdbcConfigStore {
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int READ_POOL_SIZE = 4;

  private final Connection writer;
  private final HikariDataSource readers;

  private SqliteConfigStore(Clock clock, Connection writer, HikariDataSource readers) {
    super(clock);
    this.writer = writer;
    this.readers = readers;
  }

  /** Opens (creating if needed, with its parent directories) and migrates the database file. */
  public static SqliteConfigStore open(Path dbFile) {
    return open(dbFile, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock that decides ttl expiry. */
  public static SqliteConfigStore open(Path dbFile, Clock clock) {
    Objects.requireNonNull(dbFile, "dbFile");
    Objects.requireNonNull(clock, "clock");
    Path file = dbFile.toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
    String url = "jdbc:sqlite:" + file;
    Migrations.migrate(dataSource(url));
    Connection writer = Jdbc.call(() -> dataSource(url).getConnection());
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(dataSource(url));
    pool.setPoolName("gatehouse-sqlite-readers");
    pool.setMaximumPoolSize(READ_POOL_SIZE);
    pool.setMinimumIdle(1);
    pool.setAutoCommit(true);
    try {
      return new SqliteConfigStore(clock, writer, new HikariDataSource(pool));
    } catch (RuntimeException e) {
      Jdbc.call(() -> {
        writer.close();
        return null;
      });
      throw Jdbc.databaseError("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** The migrations of {@code dbFile}, without applying them (Kong's {@code migrations} commands). */
  public static io.gatehouse.store.SchemaMigrations migrations(Path dbFile) {
    Path file = dbFile.toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
    return Migrations.explicit(dataSource("jdbc:sqlite:" + file), null, List.of(), () -> {});
  }

  // Connections stay in auto-commit; transactions are explicit BEGIN/COMMIT so the writer can
  // say IMMEDIATE and an idle connection never holds a transaction open.
  static SQLiteDataSource dataSource(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(false); // the store enforces references itself, per TableSpec
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(url);
    return ds;
  }

  /**
   * The shared counters ({@code ratelimiting_metrics}) in the same database file, on a connection of
   * their own so counter updates never wait behind the config writer's lock in this process.
   */
  public static SqlCounters counters(Path dbFile) {
    return counters(dbFile, System::currentTimeMillis);
  }

  /** As {@link #counters(Path)}, with the clock (epoch millis) that decides counter expiry. */
  public static SqlCounters counters(Path dbFile, java.util.function.LongSupplier clock) {
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
    Migrations.migrate(dataSource(url));
    return new SqlCounters(Jdbc.call(() -> dataSource(url).getConnection()), "BEGIN IMMEDIATE", clock);
  }

  /**
   * Plugin records ({@code plugin_records}) in the same database file, on a connection of their own
   * so they never wait behind the config writer's lock in this process.
   */
  public static SqlRecordTable records(Path dbFile, java.util.function.LongSupplier clock) {
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
    Migrations.migrate(dataSource(url));
    return new SqlRecordTable(Jdbc.call(() -> dataSource(url).getConnection()), clock);
  }

  /**
   * The RBAC tables ({@code rbac_*}) in the same database file, on a connection of their own so
   * Admin API authentication never waits behind the config writer's lock in this process.
   */
  public static io.gatehouse.store.rbac.RbacStore rbac(Path dbFile) {
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
    Migrations.migrate(dataSource(url));
    return io.gatehouse.store.rbac.RbacStore.single(Jdbc.call(() -> dataSource(url).getConnection()));
  }

  /** The developer portal's tables ({@code portal_*}) in the same database file, on a connection of their own. */
  public static io.gatehouse.store.portal.PortalStore portal(Path dbFile) {
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
    Migrations.migrate(dataSource(url));
    return io.gatehouse.store.portal.PortalStore.single(Jdbc.call(() -> dataSource(url).getConnection()));
  }

  /** The Admin API audit log ({@code audit_requests}) in the same database file, on a connection of its own. */
  public static io.gatehouse.store.audit.AuditLog audit(Path dbFile, java.util.function.LongSupplier clockSeconds) {
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
    Migrations.migrate(dataSource(url));
    return io.gatehouse.store.audit.AuditLog.single(Jdbc.call(() -> dataSource(url).getConnection()), clockSeconds);
  }

  @Override
  protected <T> T onConnection(ConnectionWork<T> work) throws SQLException {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    }
  }

  /** Several reads on one WAL snapshot. */
  @Override
  protected <T> T inReadTransaction(ConnectionWork<T> work) throws SQLException {
    try (Connection c = readers.getConnection()) {
      Jdbc.execute(c, "BEGIN");
      boolean ended = false;
      try {
        T result = work.run(c);
        Jdbc.execute(c, "COMMIT");
        ended = true;
        return result;
      } finally {
        if (!ended) {
          try (var st = c.createStatement()) {
            st.execute("ROLLBACK");
          } catch (SQLException e) {
            readers.evictConnection(c); // never hand out a connection stuck in a transaction
          }
        }
      }
    }
  }

  // BEGIN IMMEDIATE takes SQLite's write lock up front, so the transaction never fails half-way
  // with SQLITE_BUSY when another process writes
  @Override
  protected long inWriteTransaction(ConnectionWork<Long> work) throws SQLException {
    Jdbc.execute(writer, "BEGIN IMMEDIATE");
    try {
      long version = work.run(writer);
      Jdbc.execute(writer, "COMMIT");
      return version;
    } catch (RuntimeException | Error | SQLException e) {
      rollback(writer, e);
      throw e;
    }
  }

  static void rollback(Connection c, Throwable cause) {
    try (var st = c.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e); // e.g. no transaction was active because BEGIN or COMMIT failed
    }
  }

  @Override
  protected void closeConnections() {
    readers.close();
    Jdbc.call(() -> {
      writer.close();
      return null;
    });
  }
}
