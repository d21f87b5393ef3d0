package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.events.ExchangeView;
import io.gatehouse.proxy.events.RequestListener;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's call log ({@code analytics_store = postgres}): every node writes its calls to one
 * PostgreSQL table, so any node's {@code /analytics/*} answers for the whole cluster. Recording is
 * the same as {@link AnalyticsStore}'s (a preallocated {@link CallRing}, 0 bytes per call on the
 * event loop); one writer thread drains it and writes each batch with {@code COPY}.
 *
 * <p>While PostgreSQL is down the writer keeps its batch and retries every second; the ring goes on
 * taking calls and, once full, drops the oldest (counted). So an outage holds at most one batch plus
 * the ring, both preallocated; nothing waits on the event loop.
 */
public final class PostgresCallLog implements CallLog {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCallLog.class);
  /** At most this many calls per COPY (and never more than the ring holds: the outage bound). */
  private static final int BATCH = 32_768;
  /** A call waits at most this long before its batch is written (queryable within a second). */
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** How long the writer waits before trying again when PostgreSQL does not answer. */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Retention deletes at most this many rows per statement (short transactions, short locks). */
  static final int DELETE_CHUNK = 10_000;

  /** How the node configures the log ({@code analytics_*} settings). */
  public record Options(int queueSize, int retentionDays, Duration retentionInterval) {
    public Options {
      if (queueSize < 1) throw new IllegalArgumentException("queueSize: expected >= 1, got " + queueSize);
    }
  }

  private enum Outcome { WRITTEN, LOST, DOWN }

  private final Options options;
  private final HikariDataSource pool;
  private final CallRing ring;
  private final WriterProgress progress;
  private final int batchSize;
  private final PayloadInbox payloads = new PayloadInbox();
  /** Calls in batches PostgreSQL refused (bad data) or that were still held at close: counted as dropped. */
  private final Thread writer;
  private final ScheduledExecutorService retention;
  private volatile boolean running = true;
  /** Calls in the writer's batch, not yet written ({@code queued} counts them). */
  private volatile int pending;
  private volatile boolean tableReady;
  private boolean down; // the writer's: whether the last attempt found PostgreSQL down (logged once per outage)

  private PostgresCallLog(HikariDataSource pool, Options options) {
    this.options = options;
    this.pool = pool;
    this.ring = new CallRing(options.queueSize());
    this.progress = new WriterProgress(ring);
    this.batchSize = Math.min(BATCH, ring.capacity());
    this.writer = Thread.ofPlatform().name("analytics-writer").daemon().unstarted(this::writeLoop);
    this.retention = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("analytics-retention").daemon().factory());
  }

  /**
   * Starts the log on {@code pool} (which it closes): creates the table now if PostgreSQL answers,
   * else the writer does when it first does; the node starts either way.
   */
  public static PostgresCallLog open(HikariDataSource pool, Options options) {
    PostgresCallLog log = new PostgresCallLog(pool, options);
    try (Connection c = pool.getConnection()) {
      log.createTable(c);
    } catch (SQLException e) {
      LOG.warn("analytics: PostgreSQL does not answer ({}); calls are written once it does", e.getMessage());
    }
    log.writer.start();
    long every = Math.max(1, options.retentionInterval().toMillis());
    log.retention.scheduleWithFixedDelay(log::applyRetentionQuietly, every, every, TimeUnit.MILLISECONDS);
    return log;
  }

  @Override
  public RequestListener listener() {
    return new RequestListener() {
      @Override
      public void logged(ExchangeView request) {
        if (running) ring.record(request, System.currentTimeMillis(), payloads.take(request.requestId()));
      }
    };
  }

  @Override
  public void record(CallRecord call) {
    if (running) ring.record(call);
  }

  @Override
  public PayloadInbox payloads() {
    return payloads;
  }

  @Override
  public ObjectNode stats() {
    return Json.object().put("queued", ring.size() + pending).put("written", progress.written()).put("dropped", dropped());
  }

  @Override
  public long dropped() {
    return ring.dropped() + progress.failed();
  }

  @Override
  public long written() {
    return progress.written();
  }

  @Override
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public CallDialect dialect() {
    return CallDialect.POSTGRES;
  }

  /** The most calls an outage holds before dropping: one batch and the ring. */
  public int outageCapacity() {
    return batchSize + ring.capacity();
  }

  private void createTable(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + PostgresCallCopy.DDL_LOCK + ")");
      for (String ddl : PostgresCallCopy.DDL) s.execute(ddl);
      c.commit();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException broken) {
        e.addSuppressed(broken);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    tableReady = true;
  }

  /**
   * Drains the ring into one batch and copies it when it is full, when its oldest call has waited
   * {@link #MAX_WAIT_NANOS}, on {@link #flush} or at close; while PostgreSQL is down, keeps the batch
   * and tries again every {@link #RETRY_NANOS}.
   */
  private void writeLoop() {
    CallBatch batch = new CallBatch(batchSize);
    PostgresCallCopy copy = new PostgresCallCopy();
    long oldest = 0;
    long retryAt = System.nanoTime(); // nanoTime may be negative: compare differences only
    while (true) {
      boolean stopping = !running;
      boolean wasEmpty = batch.size() == 0;
      int drained = ring.drainTo(batch);
      pending = batch.size();
      long now = System.nanoTime();
      if (wasEmpty && batch.size() > 0) oldest = now;
      boolean due = batch.full() || stopping || progress.urgent() || now - oldest >= MAX_WAIT_NANOS;
      if (batch.size() > 0 && due && now - retryAt >= 0) {
        Outcome outcome = write(copy, batch);
        if (outcome == Outcome.DOWN && !stopping) {
          retryAt = System.nanoTime() + RETRY_NANOS;
          continue;
        }
        if (outcome == Outcome.DOWN) { // closing while down: what is held is lost
          progress.failed(batch.size() + ring.size());
          return;
        }
        batch.clear();
        pending = 0;
      } else if (stopping && drained == 0) {
        return;
      } else if (!batch.full() || now - retryAt < 0) {
        LockSupport.parkNanos(POLL_NANOS);
      }
    }
  }

  private Outcome write(PostgresCallCopy copy, CallBatch batch) {
    try (Connection c = pool.getConnection()) {
      if (!tableReady) createTable(c);
      copy.write(c.unwrap(PGConnection.class).getCopyAPI(), batch);
      progress.written(batch.size());
      if (down) LOG.info("analytics: PostgreSQL answers again; writing calls");
      down = false;
      return Outcome.WRITTEN;
    } catch (SQLException e) {
      if (unreachable(e)) {
        tableReady = false; // it may come back empty: create the table again first
        if (!down) {
          LOG.warn("analytics: PostgreSQL does not answer ({}); holding up to {} calls, dropping the oldest beyond",
              e.getMessage(), outageCapacity());
        }
        down = true;
        return Outcome.DOWN;
      }
      progress.failed(batch.size());
      LOG.warn("analytics: {} calls not written: {}", batch.size(), e.getMessage());
      return Outcome.LOST;
    } catch (RuntimeException e) {
      progress.failed(batch.size());
      LOG.warn("analytics: {} calls not written: {}", batch.size(), e.toString());
      return Outcome.LOST;
    }
  }

  /** Whether the error is PostgreSQL (or the way to it) being away, not the batch: then it is worth a retry. */
  static boolean unreachable(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) return true; // the pool's timeout
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") // connection exceptions
        || state.startsWith("57P") // admin/crash shutdown, cannot connect now
        || state.startsWith("53") // insufficient resources (too many connections, disk full)
        || state.equals("42P01"))) { // the table is gone (a restored or new database)
      return true;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException) return true;
    }
    return false;
  }

  private void applyRetentionQuietly() {
    try {
      applyRetention(System.currentTimeMillis());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("analytics retention failed: {}", e.getMessage());
    }
  }

  /**
   * Deletes calls older than the retention age, {@link #DELETE_CHUNK} rows per statement. Every
   * node runs it; they share the work. There is no size limit here ({@code analytics_max_size} is
   * the local file's): the database's own monitoring owns its disk.
   */
  @Override
  public void applyRetention(long nowMillis) throws SQLException {
    if (options.retentionDays() <= 0) return;
    String sql = "DELETE FROM " + PostgresCallCopy.TABLE + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
        + PostgresCallCopy.TABLE + " WHERE started_at < ? LIMIT " + DELETE_CHUNK + "))";
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, nowMillis - TimeUnit.DAYS.toMillis(options.retentionDays()));
      while (running && ps.executeUpdate() == DELETE_CHUNK) {
        // more to delete: another short statement
      }
    }
  }

  @Override
  public boolean flush(Duration timeout) throws InterruptedException {
    return progress.flush(timeout);
  }

  @Override
  public void close() {
    running = false;
    retention.shutdownNow();
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
  }
}
