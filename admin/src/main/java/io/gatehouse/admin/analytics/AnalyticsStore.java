package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.events.ExchangeView;
import io.gatehouse.proxy.events.RequestListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded call log: a DuckDB file under the prefix with one row per call. Event loops hand
 * calls to a bounded {@link CallQueue} (never waiting); one writer thread appends them in batches;
 * a periodic job applies retention by age and size. Queries run on their own duplicated connection.
 */
public final class AnalyticsStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsStore.class);
  private static final int BATCH = 4096;

  /** How the node configures the store ({@code analytics_*} settings). */
  public record Options(Path file, int queueSize, int retentionDays, long maxBytes, Duration retentionInterval) {
    public Options {
      Objects.requireNonNull(file, "file");
      if (queueSize < 1) throw new IllegalArgumentException("queueSize: expected >= 1, got " + queueSize);
    }
  }

  private final Options options;
  private final DuckDBConnection root;
  private final CallQueue queue;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final java.util.concurrent.atomic.LongAdder offered = new java.util.concurrent.atomic.LongAdder();
  private final Thread writer;
  private final ScheduledExecutorService retention;
  private volatile boolean running = true;

  private AnalyticsStore(Options options, DuckDBConnection root) {
    this.options = options;
    this.root = root;
    this.queue = new CallQueue(options.queueSize());
    this.writer = Thread.ofPlatform().name("analytics-writer").daemon().unstarted(this::writeLoop);
    this.retention = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("analytics-retention").daemon().factory());
  }

  /** Opens (or creates) the store file and starts the writer and the retention job. */
  public static AnalyticsStore open(Options options) {
    try {
      Files.createDirectories(options.file().toAbsolutePath().getParent());
      DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + options.file().toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute(CallSchema.CREATE_TABLE);
      }
      AnalyticsStore store = new AnalyticsStore(options, c);
      store.writer.start();
      long every = Math.max(1, options.retentionInterval().toMillis());
      store.retention.scheduleWithFixedDelay(store::applyRetentionQuietly, every, every, TimeUnit.MILLISECONDS);
      return store;
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open the analytics store " + options.file() + ": " + e.getMessage(), e);
    }
  }

  /** What the proxy calls after each request's log phase: copy the call and queue it. */
  public RequestListener listener() {
    return new RequestListener() {
      @Override
      public void logged(ExchangeView request) {
        record(CallRecord.of(request, System.currentTimeMillis()));
      }
    };
  }

  /** Queues a call (never waits; drops the oldest when full). */
  public void record(CallRecord call) {
    if (!running) return;
    offered.increment();
    queue.offer(call);
  }

  /** {@code queued}, {@code written}, {@code dropped}: the {@code analytics} object of {@code /status}. */
  public ObjectNode stats() {
    return Json.object().put("queued", queue.size()).put("written", written.get()).put("dropped", queue.dropped());
  }

  public long dropped() {
    return queue.dropped();
  }

  public long written() {
    return written.get();
  }

  /** A connection for one query (DuckDB connections are per thread); the caller closes it. */
  Connection connection() throws SQLException {
    return root.duplicate();
  }

  private void writeLoop() {
    List<CallRecord> batch = new ArrayList<>(BATCH);
    try (DuckDBConnection c = (DuckDBConnection) root.duplicate()) {
      while (running || queue.size() > 0) {
        batch.clear();
        if (queue.drain(batch, BATCH, 100) == 0) continue;
        try {
          append(c, batch);
          written.addAndGet(batch.size());
        } catch (SQLException | RuntimeException e) {
          failed.addAndGet(batch.size());
          LOG.warn("analytics: {} calls not written: {}", batch.size(), e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.error("analytics writer stopped: {}", e.getMessage());
    }
  }

  private static void append(DuckDBConnection c, List<CallRecord> batch) throws SQLException {
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, CallSchema.TABLE)) {
      for (CallRecord r : batch) CallSchema.appendRow(a, r);
    } // closing flushes: the batch is committed as one
  }

  private void applyRetentionQuietly() {
    try {
      applyRetention(System.currentTimeMillis());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("analytics retention failed: {}", e.getMessage());
    }
  }

  /** Deletes calls older than the retention age, then the oldest tenth while the file is over its size. */
  public void applyRetention(long nowMillis) throws SQLException {
    try (Connection c = connection()) {
      if (options.retentionDays() > 0) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM calls WHERE started_at < ?")) {
          ps.setLong(1, nowMillis - TimeUnit.DAYS.toMillis(options.retentionDays()));
          ps.executeUpdate();
        }
      }
      for (int round = 0; round < 10 && options.maxBytes() > 0 && fileBytes() > options.maxBytes(); round++) {
        try (Statement s = c.createStatement()) {
          s.executeUpdate("DELETE FROM calls WHERE started_at <= (SELECT quantile_disc(started_at, 0.1) FROM calls)");
          s.execute("CHECKPOINT");
        }
      }
    }
  }

  private long fileBytes() {
    try {
      Path wal = Path.of(options.file() + ".wal");
      return Files.size(options.file()) + (Files.exists(wal) ? Files.size(wal) : 0);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** Waits until everything queued so far is written (tests, shutdown). */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!settled() && System.nanoTime() < deadline) Thread.sleep(5);
    return settled();
  }

  private boolean settled() {
    return written.get() + failed.get() + queue.dropped() >= offered.sum();
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
    try {
      root.close();
    } catch (SQLException e) {
      LOG.warn("analytics store close: {}", e.getMessage());
    }
  }
}
