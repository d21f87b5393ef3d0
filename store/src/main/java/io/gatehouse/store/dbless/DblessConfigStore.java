package io.gatehouse.store.dbless;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.DeclarativeStore;
import io.gatehouse.store.internal.EntityReader;
import io.gatehouse.store.internal.Jdbc;
import io.gatehouse.store.internal.JdbcConfigStore;
import io.gatehouse.store.internal.Migrations;
import io.gatehouse.store.records.SqlRecordTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The DB-less store (Kong's {@code database = off}): the same schema, SQL and write rules as the
 * embedded store, on an SQLite database that lives in memory. {@link #replaceAll} swaps the whole
 * configuration in one transaction, so readers see the old one or the new one, never a mix.
 *
 * <p>One connection does everything, behind a lock: an in-memory database belongs to the
 * connections that share it, and SQLite's shared cache would make readers fail with
 * {@code SQLITE_LOCKED} during a write instead of waiting. Reads are short; a reader waits for a
 * {@code replaceAll} to finish (the proxy never reads the store, it serves snapshots).
 *
 * <p>With a file, every committed state is copied there (SQLite's online backup to a temporary
 * file, then an atomic rename) and restored at open: the last good configuration survives a
 * restart. If saving fails the running configuration stays applied and the error is logged; the
 * file then holds the configuration before it.
 *
 * <p>The first snapshot after a {@code replaceAll} copies the rows that call stored instead of
 * parsing every row back (parsing is most of a snapshot's cost); later ones read the database.
 */
public final class DblessConfigStore extends JdbcConfigStore implements DeclarativeStore {
  private static final Logger LOG = LoggerFactory.getLogger(DblessConfigStore.class);
  private static final String NO_HASH = "0".repeat(32);
  private static final List<String> DBLESS_MIGRATIONS = List.of("db/dbless");
  private static final AtomicLong NEXT_DATABASE = new AtomicLong();

  private final @Nullable Path file;
  private final Connection c;
  private final ReentrantLock connection = new ReentrantLock();
  private volatile String hash;
  /** What the replaceAll in progress sets once it commits. */
  private @Nullable Replaced pending;
  /**
   * The rows the last replaceAll stored, while nothing was committed after it and nobody took a
   * snapshot yet: the first snapshot of a new configuration copies them instead of parsing every
   * row back (the snapshot feed reads one right after each {@code POST /config}).
   */
  private @Nullable Map<String, List<ObjectNode>> justLoaded;

  private record Replaced(String hash, @Nullable Map<String, List<ObjectNode>> rows) {}

  private DblessConfigStore(Clock clock, @Nullable Path file, Connection c, String hash) {
    super(clock);
    this.file = file;
    this.c = c;
    this.hash = hash;
  }

  /** A store that lives only in memory. */
  public static DblessConfigStore inMemory(Clock clock) {
    return create(Objects.requireNonNull(clock, "clock"), null);
  }

  /** A store kept in {@code file} (e.g. {@code <prefix>/dbless.db}), starting from its content if present. */
  public static DblessConfigStore open(Path file, Clock clock) {
    return create(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(file, "file").toAbsolutePath());
  }

  private static DblessConfigStore create(Clock clock, @Nullable Path file) {
    // a named in-memory database, so Flyway's own connections migrate the same one while ours holds it open
    String url = "jdbc:sqlite:file:gatehouse-dbless-" + NEXT_DATABASE.incrementAndGet() + "?mode=memory&cache=shared";
    Connection c = Jdbc.call(() -> dataSource(url).getConnection());
    try {
      if (file != null && Files.exists(file)) {
        try {
          c.unwrap(SQLiteConnection.class).getDatabase().restore("main", file.toString(), null);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot read the saved DB-less configuration " + file + ": " + e.getMessage(), e);
        }
      }
      Migrations.migrate(dataSource(url), null, DBLESS_MIGRATIONS);
      String hash = Jdbc.queryOne(c, "SELECT hash FROM config_hash WHERE id = 1", rs -> rs.getString(1)).orElse(NO_HASH);
      return new DblessConfigStore(clock, file, c, hash);
    } catch (RuntimeException e) {
      Jdbc.call(() -> {
        c.close();
        return null;
      });
      throw e;
    }
  }

  /**
   * Plugin records for a DB-less node: an SQLite database of their own in memory, so they live as
   * long as the process (Kong's DB-less nodes keep no such rows at all) and never touch the
   * declarative configuration.
   */
  public static SqlRecordTable records(java.util.function.LongSupplier clock) {
    Objects.requireNonNull(clock, "clock");
    String url = "jdbc:sqlite:file:gatehouse-records-" + NEXT_DATABASE.incrementAndGet() + "?mode=memory&cache=shared";
    Connection c = Jdbc.call(() -> dataSource(url).getConnection()); // held open: the database lives while it does
    try {
      Migrations.migrate(dataSource(url));
      return new SqlRecordTable(c, clock);
    } catch (RuntimeException e) {
      Jdbc.call(() -> {
        c.close();
        return null;
      });
      throw e;
    }
  }

  /**
   * The Admin API audit log for a DB-less node: an SQLite database of its own in memory, so it
   * lives as long as the process and never touches the declarative configuration.
   */
  public static io.gatehouse.store.audit.AuditLog audit(java.util.function.LongSupplier clockSeconds) {
    Objects.requireNonNull(clockSeconds, "clockSeconds");
    String url = "jdbc:sqlite:file:gatehouse-audit-" + NEXT_DATABASE.incrementAndGet() + "?mode=memory&cache=shared";
    Connection c = Jdbc.call(() -> dataSource(url).getConnection()); // held open: the database lives while it does
    try {
      Migrations.migrate(dataSource(url));
      return io.gatehouse.store.audit.AuditLog.single(c, clockSeconds);
    } catch (RuntimeException e) {
      Jdbc.call(() -> {
        c.close();
        return null;
      });
      throw e;
    }
  }

  private static SQLiteDataSource dataSource(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(false); // the store enforces references itself, per TableSpec
    config.setSynchronous(SQLiteConfig.SynchronousMode.OFF); // memory: nothing to sync
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(url);
    return ds;
  }

  /** Whether a configuration was ever loaded (a restart can serve it). */
  public boolean hasConfiguration() {
    return !hash.equals(NO_HASH);
  }

  @Override
  public long replaceAll(Map<String, List<ObjectNode>> rows, String hash) {
    Objects.requireNonNull(rows, "tables");
    Objects.requireNonNull(hash, "hash");
    rows.keySet().forEach(tables::require);
    long now = clock.millis();
    return underWriteLock(c -> {
      Map<String, List<ObjectNode>> stored = BulkLoad.replace(c, tables.all(), rows, now);
      Jdbc.update(c, "UPDATE config_hash SET hash = ? WHERE id = 1", hash);
      Jdbc.update(c, "UPDATE config_version SET version = version + 1 WHERE id = 1");
      pending = new Replaced(hash, stored);
      return Jdbc.queryOne(c, "SELECT version FROM config_version WHERE id = 1", rs -> rs.getLong(1)).orElseThrow();
    });
  }

  @Override
  public String configHash() {
    return hash;
  }

  @Override
  public StoreSnapshot snapshot() {
    Map<String, List<ObjectNode>> loaded;
    long version;
    connection.lock();
    try {
      loaded = justLoaded;
      justLoaded = null;
      if (loaded == null) {
        return super.snapshot();
      }
      version = read(EntityReader::version); // the version those rows were committed at
    } finally {
      connection.unlock();
    }
    Map<String, List<ObjectNode>> copy = new LinkedHashMap<>();
    for (TableSpec spec : tables.all()) {
      List<ObjectNode> rows = loaded.getOrDefault(spec.name(), List.of());
      List<ObjectNode> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(r.deepCopy()));
      copy.put(spec.name(), out);
    }
    return new StoreSnapshot(version, Collections.unmodifiableMap(copy));
  }

  @Override
  protected <T> T onConnection(ConnectionWork<T> work) throws SQLException {
    connection.lock();
    try {
      return work.run(c);
    } finally {
      connection.unlock();
    }
  }

  /** The one connection, held: nothing else reads or writes meanwhile. */
  @Override
  protected <T> T inReadTransaction(ConnectionWork<T> work) throws SQLException {
    return onConnection(work);
  }

  @Override
  protected long inWriteTransaction(ConnectionWork<Long> work) throws SQLException {
    connection.lock();
    try {
      Jdbc.execute(c, "BEGIN");
      long version;
      try {
        version = work.run(c);
        Jdbc.execute(c, "COMMIT");
      } catch (RuntimeException | Error | SQLException e) {
        pending = null;
        try (var st = c.createStatement()) {
          st.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      Replaced replaced = pending;
      pending = null;
      if (replaced != null) {
        hash = replaced.hash();
        justLoaded = replaced.rows();
      } else if (version > 0) {
        justLoaded = null; // a later write: the rows are no longer what the store holds
      }
      if (version > 0 && file != null) {
        save(file);
      }
      return version;
    } finally {
      connection.unlock();
    }
  }

  private void save(Path target) {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      Files.deleteIfExists(tmp);
      c.unwrap(SQLiteConnection.class).getDatabase().backup("main", tmp.toString(), null);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | SQLException e) {
      // the configuration is applied; only the copy a restart would serve is behind
      LOG.error("cannot save the DB-less configuration to {}: {}", target, e.getMessage(), e);
    }
  }

  @Override
  protected void closeConnections() {
    connection.lock();
    try {
      c.close();
    } catch (SQLException e) {
      throw Jdbc.databaseError(e);
    } finally {
      connection.unlock();
    }
  }

  /** A DB-less node serves the default workspace only (its migrations have no workspaces table). */
  @Override
  public Map<String, String> workspaceNames() {
    return Map.of(io.gatehouse.core.entity.EntityWorkspace.DEFAULT_ID, "default");
  }
}
