package io.gatehouse.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.internal.ChangeNotifier;
import io.gatehouse.store.internal.EntityReader;
import io.gatehouse.store.internal.Jdbc;
import io.gatehouse.store.internal.JdbcReads;
import io.gatehouse.store.internal.JdbcWriteTransaction;
import io.gatehouse.store.internal.Migrations;
import io.gatehouse.store.internal.TableRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
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
public final class SqliteConfigStore implements ConfigStore {
  private static final int BUSY_TIMEOUT_MS = 10_000;
  private static final int READ_POOL_SIZE = 4;

  private final Clock clock;
  private final TableRegistry tables = new TableRegistry();
  private final ChangeNotifier notifier = new ChangeNotifier();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final HikariDataSource readers;
  private final JdbcReads reads;
  private volatile boolean closed;

  private SqliteConfigStore(Clock clock, Connection writer, HikariDataSource readers) {
    this.clock = clock;
    this.writer = writer;
    this.readers = readers;
    this.reads = new JdbcReads(readers, tables, clock, () -> closed);
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
  private static SQLiteDataSource dataSource(String url) {
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

  @Override
  public void register(TableSpec table) {
    tables.register(table);
  }

  @Override
  public <T> T transaction(StoreTransaction.Work<T> work) {
    Objects.requireNonNull(work, "work");
    if (writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("store transactions do not nest; use the StoreTransaction you were given");
    }
    T result;
    long version;
    writeLock.lock();
    try {
      checkOpen();
      JdbcWriteTransaction tx = new JdbcWriteTransaction(writer, tables, clock.millis());
      Jdbc.execute(writer, "BEGIN IMMEDIATE");
      try {
        tx.purgeExpired();
        result = work.run(tx);
        version = tx.finish();
        Jdbc.execute(writer, "COMMIT");
      } catch (RuntimeException | Error e) {
        rollback(e);
        throw e;
      } finally {
        tx.close();
      }
    } finally {
      writeLock.unlock();
    }
    if (version > 0) {
      notifier.publish(version); // after commit and outside the lock
    }
    return result;
  }

  private void rollback(Throwable cause) {
    try (var st = writer.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e); // e.g. no transaction was active because BEGIN or COMMIT failed
    }
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    return reads.get(table, id);
  }

  @Override
  public Optional<ObjectNode> findByUnique(String table, String field, String value) {
    return reads.findByUnique(table, field, value);
  }

  @Override
  public Page list(String table, PageQuery query) {
    return reads.list(table, query);
  }

  @Override
  public Page listTags(PageQuery query, @Nullable String tag) {
    return reads.listTags(query, tag);
  }

  @Override
  public StoreSnapshot snapshot() {
    List<TableSpec> specs = tables.all();
    return readTransaction(r -> {
      Map<String, List<ObjectNode>> rows = new LinkedHashMap<>();
      for (TableSpec spec : specs) {
        rows.put(spec.name(), r.all(spec.name()));
      }
      return new StoreSnapshot(r.version(), Collections.unmodifiableMap(rows));
    });
  }

  @Override
  public long version() {
    return reads.version();
  }

  @Override
  public void onChange(LongConsumer listener) {
    notifier.add(listener);
  }

  @Override
  public boolean isReachable() {
    return reads.reachable();
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      readers.close();
      Jdbc.call(() -> {
        writer.close();
        return null;
      });
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T read(Function<EntityReader, T> work) {
    return reads.read(work);
  }

  /** Several reads on one WAL snapshot. */
  private <T> T readTransaction(Function<EntityReader, T> work) {
    checkOpen();
    try (Connection c = readers.getConnection()) {
      Jdbc.execute(c, "BEGIN");
      boolean ended = false;
      try {
        T result = work.apply(new EntityReader(c, clock.millis()));
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
    } catch (SQLException e) {
      throw Jdbc.databaseError(e);
    }
  }

  private void checkOpen() {
    reads.checkOpen();
  }
}
