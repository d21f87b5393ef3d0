package io.gatehouse.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.core.error.KongException;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.records.SqlRecordTable;
import io.gatehouse.store.internal.Jdbc;
import io.gatehouse.store.internal.JdbcConfigStore;
import io.gatehouse.store.internal.Migrations;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
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
public final class PostgresConfigStore extends JdbcConfigStore {
  private static final String CHANNEL = "gatehouse_config";
  private static final List<String> POSTGRES_MIGRATIONS = List.of("db/postgresql");

  private final HikariDataSource pool;
  /** Kong's read-only connection ({@code pg_ro_*}): reads outside write transactions; null when not set. */
  private final @Nullable HikariDataSource readPool;
  private final String channel;
  private final ChangeListener listener;
  private final PostgresClusterEvents events;
  private final @Nullable String schema;
  /** False while a store opened by {@link #openWhileDown} has not reached its database yet. */
  private volatile boolean migrated;

  private PostgresConfigStore(PostgresSettings settings, Clock clock, HikariDataSource pool,
      @Nullable HikariDataSource readPool, boolean migrated) {
    super(clock);
    this.pool = pool;
    this.readPool = readPool;
    this.schema = settings.schema();
    this.migrated = migrated;
    this.channel = channel(settings.schema());
    this.events = new PostgresClusterEvents(pool, channel, clock::millis);
    this.listener = new ChangeListener(
        () -> DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties()),
        channel, this::catchUp, settings.updateFrequency());
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
    return open(settings, null, clock);
  }

  /**
   * As {@link #open(PostgresSettings, Clock)}, with Kong's read-only connection ({@code pg_ro_*},
   * e.g. a replica): reads outside write transactions (the Admin API's, the snapshot builds, the
   * version polls) go to {@code readOnly} on a pool of their own; writes, and the reads a write
   * makes, stay on {@code settings}. Like Kong, a replica's lag shows: a read may miss a write just made.
   */
  public static PostgresConfigStore open(PostgresSettings settings, @Nullable PostgresSettings readOnly, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    HikariDataSource pool = pool(settings, "gatehouse-postgres");
    HikariDataSource readPool = null;
    try {
      Migrations.migrate(pool, settings.schema(), POSTGRES_MIGRATIONS);
      readPool = readOnly == null ? null : pool(readOnly, "gatehouse-postgres-ro");
      PostgresConfigStore store = new PostgresConfigStore(settings, clock, pool, readPool, true);
      store.listener.start();
      return store;
    } catch (RuntimeException e) {
      pool.close();
      if (readPool != null) readPool.close();
      throw e;
    }
  }

  /**
   * A store for a node that starts while its database is down (it serves a saved configuration
   * meanwhile): nothing is checked now; reads and writes fail with code 8 until the database
   * answers. The listener keeps trying; once connected it applies pending migrations and publishes
   * the version, so the node catches up.
   */
  public static PostgresConfigStore openWhileDown(PostgresSettings settings, Clock clock) {
    return openWhileDown(settings, null, clock);
  }

  /** As {@link #openWhileDown(PostgresSettings, Clock)}, with a read-only connection as {@link #open(PostgresSettings, PostgresSettings, Clock)}. */
  public static PostgresConfigStore openWhileDown(PostgresSettings settings, @Nullable PostgresSettings readOnly, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    PostgresConfigStore store = new PostgresConfigStore(settings, clock, lazyPool(settings, "gatehouse-postgres"),
        readOnly == null ? null : lazyPool(readOnly, "gatehouse-postgres-ro"), false);
    store.listener.start();
    return store;
  }

  /** Kong's cluster events among the nodes on this database (heard by this store's listener). */
  public io.gatehouse.store.ClusterEvents clusterEvents() {
    return events;
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
    Objects.requireNonNull(clock, "clock");
    return SqlCounters.rowLocking(sidePool(settings, "counters", true), clock);
  }

  /**
   * As {@link #counters(PostgresSettings)} for a node started while the database is down: the
   * store's first connection migrates; counting fails until then.
   */
  public static SqlCounters countersWhileDown(PostgresSettings settings) {
    return SqlCounters.rowLocking(sidePool(settings, "counters", false), System::currentTimeMillis);
  }

  /** Plugin records ({@code plugin_records}) in the same database, on a small pool of their own. */
  public static SqlRecordTable records(PostgresSettings settings, LongSupplier clock) {
    Objects.requireNonNull(clock, "clock");
    return SqlRecordTable.pooled(sidePool(settings, "records", true), clock);
  }

  /**
   * As {@link #records(PostgresSettings, LongSupplier)} for a node started while the database is
   * down: the store's first connection migrates; record calls fail until then.
   */
  public static SqlRecordTable recordsWhileDown(PostgresSettings settings, LongSupplier clock) {
    Objects.requireNonNull(clock, "clock");
    return SqlRecordTable.pooled(sidePool(settings, "records", false), clock);
  }

  /** The RBAC tables ({@code rbac_*}) in the same database, on a small pool of their own. */
  public static io.gatehouse.store.rbac.RbacStore rbac(PostgresSettings settings) {
    return io.gatehouse.store.rbac.RbacStore.pooled(sidePool(settings, "rbac", true));
  }

  /** The developer portal's tables ({@code portal_*}) in the same database, on a small pool of their own. */
  public static io.gatehouse.store.portal.PortalStore portal(PostgresSettings settings) {
    return io.gatehouse.store.portal.PortalStore.pooled(sidePool(settings, "portal", true));
  }

  /** The Admin API audit log ({@code audit_requests}) in the same database, on a small pool of its own. */
  public static io.gatehouse.store.audit.AuditLog audit(PostgresSettings settings, LongSupplier clockSeconds) {
    return io.gatehouse.store.audit.AuditLog.pooled(sidePool(settings, "audit", true), clockSeconds);
  }

  /**
   * A small pool of a side table's own (at most 4 connections), so its users never wait behind
   * config writes. {@code now}: connect and migrate at once (failing with code 8); else connect when
   * first used, the store's first connection migrating.
   */
  private static HikariDataSource sidePool(PostgresSettings settings, String table, boolean now) {
    Objects.requireNonNull(settings, "settings");
    PostgresSettings small = settings.withPoolSize(Math.min(settings.poolSize(), 4));
    if (!now) {
      return lazyPool(small, "gatehouse-postgres-" + table);
    }
    HikariDataSource pool = pool(small, "gatehouse-postgres-" + table);
    try {
      Migrations.migrate(pool, settings.schema(), POSTGRES_MIGRATIONS);
      return pool;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** A pool on the settings' database; fails at once (code 8) when it cannot connect. */
  static HikariDataSource pool(PostgresSettings settings, String name) {
    HikariConfig config = config(settings, name);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw Jdbc.databaseError("cannot connect to " + settings + ": " + cause.getMessage(), e);
    }
  }

  /**
   * A pool of at most {@code size} connections on the settings' database for a table the config
   * store does not manage (the analytics call log, docs/analytics.md). It connects when first
   * asked, so a node starts while the database is down; the caller closes it.
   */
  public static HikariDataSource lazyPool(PostgresSettings settings, String name, int size) {
    Objects.requireNonNull(settings, "settings");
    return lazyPool(settings.withPoolSize(size), name);
  }

  /** A pool that does not connect until asked for a connection. */
  private static HikariDataSource lazyPool(PostgresSettings settings, String name) {
    HikariConfig config = config(settings, name);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private static HikariConfig config(PostgresSettings settings, String name) {
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
    return config;
  }

  // NOTIFY channels are database-wide: one per schema, so clusters in other schemas stay quiet
  private static String channel(@Nullable String schema) {
    String name = schema == null ? CHANNEL : CHANNEL + "." + schema;
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= 63 ? name : CHANNEL + "." + Integer.toHexString(schema.hashCode());
  }

  // reads: the read-only connection when pg_ro_* set one
  @Override
  protected <T> T onConnection(ConnectionWork<T> work) throws SQLException {
    try (Connection c = (readPool != null ? readPool : pool).getConnection()) {
      return work.run(c);
    }
  }

  /** One REPEATABLE READ transaction: every table and the version from the same instant. */
  @Override
  protected <T> T inReadTransaction(ConnectionWork<T> work) throws SQLException {
    try (Connection c = (readPool != null ? readPool : pool).getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (RuntimeException | SQLException e) {
        rollback(c, e);
        throw e;
      }
    }
  }

  // one writer per process queues on the base's lock, so a node's writers hold one pooled
  // connection, not many
  @Override
  protected long inWriteTransaction(ConnectionWork<Long> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        // the cluster-wide writer lock: held until commit, so code checks see every prior write
        Jdbc.query(c, "SELECT version FROM config_version WHERE id = 1 FOR UPDATE", rs -> rs.getLong(1));
        long version = work.run(c);
        if (version > 0) { // delivered to listeners only if and when this commits
          Jdbc.query(c, "SELECT pg_notify(?, ?)", rs -> true, channel, Long.toString(version));
        }
        c.commit();
        return version;
      } catch (RuntimeException | Error | SQLException e) {
        rollback(c, e);
        throw e;
      }
    }
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e); // e.g. the connection broke; the server drops the transaction anyway
    }
  }

  @Override
  protected void closeConnections() {
    listener.close();
    pool.close();
    if (readPool != null) readPool.close();
  }

  /** Called by the listener on a notification and on each poll. */
  private void catchUp() {
    if (isClosed()) {
      return;
    }
    if (!migrated) { // first contact after starting while down: the schema may be behind (or absent)
      Migrations.migrate(pool, schema, POSTGRES_MIGRATIONS);
      migrated = true;
      announce(version()); // even 0: the node serves a saved configuration until it hears from here
      return;
    }
    publish(version());
    try {
      onConnection(c -> {
        events.poll(c);
        return null;
      });
    } catch (SQLException e) {
      throw Jdbc.databaseError(e);
    }
  }
}
