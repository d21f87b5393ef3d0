package io.gatehouse.store.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.core.error.KongException;
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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The cluster store: every node of a cluster opens one on the same PostgreSQL database (Kong's
 * traditional mode). Same schema and SQL as the SQLite store, through a HikariCP pool.
 *
 * <p>A write transaction first locks the {@code config_version} row, so writers queue across every
 * node (PostgreSQL's equivalent of SQLite's {@code BEGIN IMMEDIATE}) and the uniqueness and
 * reference checks made in code see everything committed before. It bumps the version and
 * {@code NOTIFY}s the new one in the same transaction, so other nodes hear of a change only once
 * it is committed; {@link ChangeListener} hears it, with polling as the fallback.
 *
 * <p>While the database is down, reads and writes fail with code 8 after {@code pg_timeout};
 * {@link #isReachable()} says false; the node keeps serving its last snapshot. The pool and the
 * listener reconnect by themselves once it is back.
 */
public final class PostgresConfigStore implements ConfigStore {
  private static final String CHANNEL = "gatehouse_config";
  private static final List<String> POSTGRES_MIGRATIONS = List.of("db/postgresql");

  private final Clock clock;
  private final TableRegistry tables = new TableRegistry();
  private final ChangeNotifier notifier = new ChangeNotifier();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final HikariDataSource pool;
  private final String channel;
  private final ChangeListener listener;
  private final JdbcReads reads;
  private volatile boolean closed;

  private PostgresConfigStore(PostgresSettings settings, Clock clock, HikariDataSource pool) {
    this.clock = clock;
    this.pool = pool;
    this.reads = new JdbcReads(pool, tables, clock, () -> closed);
    this.channel = channel(settings.schema());
    this.listener = new ChangeListener(
        () -> DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties()),
        channel, this::publishCurrentVersion, settings.updateFrequency());
  }

  /**
   * Connects, migrates the schema and starts listening. A database that cannot be reached within
   * {@code pg_timeout} is a code-8 {@link KongException} naming the server (Kong does not start
   * without its database either).
   */
  public static PostgresConfigStore open(PostgresSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  /** As {@link #open(PostgresSettings)}, with the clock that decides ttl expiry. */
  public static PostgresConfigStore open(PostgresSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    HikariDataSource pool = pool(settings, "gatehouse-postgres");
    try {
      Migrations.migrate(pool, settings.schema(), POSTGRES_MIGRATIONS);
      PostgresConfigStore store = new PostgresConfigStore(settings, clock, pool);
      store.listener.start();
      return store;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The migrations of the database, without applying them (Kong's {@code migrations} commands). */
  public static io.gatehouse.store.SchemaMigrations migrations(PostgresSettings settings) {
    HikariDataSource pool = pool(settings.withPoolSize(3), "gatehouse-postgres-migrations"); // Flyway holds a lock connection too
    return Migrations.explicit(pool, settings.schema(), POSTGRES_MIGRATIONS, pool::close);
  }

  /**
   * The shared counters ({@code ratelimiting_metrics}, rate-limiting's {@code policy = cluster}) in
   * the same database, on a small pool of their own so counting never waits behind config writes.
   */
  public static SqlCounters counters(PostgresSettings settings) {
    return counters(settings, System::currentTimeMillis);
  }

  /** As {@link #counters(PostgresSettings)}, with the clock (epoch millis) that decides expiry. */
  public static SqlCounters counters(PostgresSettings settings, LongSupplier clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    HikariDataSource pool = pool(settings.withPoolSize(Math.min(settings.poolSize(), 4)), "gatehouse-postgres-counters");
    try {
      Migrations.migrate(pool, settings.schema(), POSTGRES_MIGRATIONS);
      return SqlCounters.rowLocking(pool, clock);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** A pool on the settings' database; fails at once (code 8) when it cannot connect. */
  static HikariDataSource pool(PostgresSettings settings, String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.jdbcUrl());
    config.setDataSourceProperties(settings.driverProperties());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    long timeout = settings.timeout().toMillis();
    config.setConnectionTimeout(timeout);
    config.setValidationTimeout(Math.max(250, timeout / 2));
    config.setInitializationFailTimeout(timeout);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw Jdbc.databaseError("cannot connect to " + settings + ": " + cause.getMessage(), e);
    }
  }

  // NOTIFY channels are database-wide: one per schema, so clusters in other schemas stay quiet
  private static String channel(@Nullable String schema) {
    String name = schema == null ? CHANNEL : CHANNEL + "." + schema;
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= 63 ? name : CHANNEL + "." + Integer.toHexString(schema.hashCode());
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
    // one writer per process queues here, so a node's writers hold one pooled connection, not many
    writeLock.lock();
    try {
      checkOpen();
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        JdbcWriteTransaction tx = new JdbcWriteTransaction(c, tables, clock.millis());
        try {
          // the cluster-wide writer lock: held until commit, so code checks see every prior write
          Jdbc.query(c, "SELECT version FROM config_version WHERE id = 1 FOR UPDATE", rs -> rs.getLong(1));
          tx.purgeExpired();
          result = work.run(tx);
          version = tx.finish();
          if (version > 0) { // delivered to listeners only if and when this commits
            Jdbc.query(c, "SELECT pg_notify(?, ?)", rs -> true, channel, Long.toString(version));
          }
          c.commit();
        } catch (RuntimeException | Error e) {
          rollback(c, e);
          throw e;
        } finally {
          tx.close();
        }
      } catch (SQLException e) {
        throw Jdbc.databaseError(e);
      }
    } finally {
      writeLock.unlock();
    }
    if (version > 0) {
      notifier.publish(version); // this node's own listeners need not wait for the echo
    }
    return result;
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e); // e.g. the connection broke; the server drops the transaction anyway
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
    checkOpen();
    try (Connection c = pool.getConnection()) {
      // one REPEATABLE READ transaction: every table and the version from the same instant
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        EntityReader r = new EntityReader(c, clock.millis());
        Map<String, List<ObjectNode>> rows = new LinkedHashMap<>();
        long version = r.version();
        for (TableSpec spec : specs) {
          rows.put(spec.name(), r.all(spec.name()));
        }
        c.commit();
        return new StoreSnapshot(version, Collections.unmodifiableMap(rows));
      } catch (RuntimeException e) {
        rollback(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.databaseError(e);
    }
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
    } finally {
      writeLock.unlock();
    }
    listener.close();
    pool.close();
  }

  /** Called by the listener on a notification and on each poll. */
  private void publishCurrentVersion() {
    if (!closed) {
      notifier.publish(version());
    }
  }

  private <T> T read(Function<EntityReader, T> work) {
    return reads.read(work);
  }

  private void checkOpen() {
    reads.checkOpen();
  }
}
