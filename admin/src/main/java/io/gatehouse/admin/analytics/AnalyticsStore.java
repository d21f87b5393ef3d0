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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded call log: a DuckDB file under the prefix with one row per call ({@link CallSchema}). Event loops copy
 * calls into a preallocated {@link CallRing} (never waiting, allocating nothing); one writer thread
 * inserts them in batches of one DuckDB row group (122,880 calls, handed over as Arrow columns) or every
 * half second (up to every ten seconds when calls come fast enough to fill row groups);
 * a periodic job applies retention by age and size. Queries run on their own duplicated connection.
 */
public final class AnalyticsStore implements CallLog {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsStore.class);
  /** At most this many calls per insert transaction: a whole row group, which DuckDB writes most cheaply. */
  private static final int BATCH = CallSchema.ROW_GROUP;
  /** A call waits at most this long before its batch is written (a call is queryable within a second)... */
  private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /**
   * ...unless calls come fast enough to fill a whole row group within this long (12,288 calls a second or
   * more; a saturated core here serves 25,000-55,000): then the batch waits to be whole, since shorter
   * batches cost DuckDB two to three times as much per row (docs/performance.md), and a call is queryable
   * within this long, as Kong's Vitals flushes its counters every 10 s.
   */
  private static final long BUSY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** How often the writer looks at the ring. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * How the node configures the store ({@code analytics_*} settings).
   *
   * @param memoryLimit bytes DuckDB may use for its buffers and queries ({@code analytics_memory_limit});
   *     0 leaves DuckDB's own default, 80 % of the machine's memory
   */
  public record Options(Path file, int queueSize, int retentionDays, long maxBytes, Duration retentionInterval,
      long memoryLimit) {
    /** The default {@code analytics_memory_limit}. */
    public static final long DEFAULT_MEMORY_LIMIT = 1L << 30;

    public Options {
      Objects.requireNonNull(file, "file");
      if (queueSize < 1) throw new IllegalArgumentException("queueSize: expected >= 1, got " + queueSize);
      if (memoryLimit < 0) throw new IllegalArgumentException("memoryLimit: expected >= 0, got " + memoryLimit);
    }

    /** Options with the default memory limit. */
    public Options(Path file, int queueSize, int retentionDays, long maxBytes, Duration retentionInterval) {
      this(file, queueSize, retentionDays, maxBytes, retentionInterval, DEFAULT_MEMORY_LIMIT);
    }
  }

  private final Options options;
  private final DuckDBConnection root;
  private final CallRing ring;
  private final WriterProgress progress;
  private final PayloadInbox payloads = new PayloadInbox();
  private final Thread writer;
  private final ScheduledExecutorService retention;
  private volatile boolean running = true;
  /**
   * The wall-clock time, in ms, at which {@link System#nanoTime} read 0: the event loops turn a request's
   * start into a call's {@code started_at} with it instead of reading the clock per call. The writer
   * measures it again at each look at the ring, so a wall-clock step counts within 10 ms.
   */
  private volatile long epochMillisAtNanoZero = epochMillisAtNanoZero();
  /** The writer thread's: context and string keys. */
  private final CallContexts contexts = new CallContexts();
  private final CallStrings strings = new CallStrings();
  /**
   * Set by retention when it deleted calls: the writer sweeps unused strings between batches, at most
   * once per ten retention runs (each sweep reads every call's two keys).
   */
  private volatile boolean stringsToSweep;
  private long lastStringSweep;

  private AnalyticsStore(Options options, DuckDBConnection root) {
    this.options = options;
    this.root = root;
    this.ring = new CallRing(options.queueSize());
    this.progress = new WriterProgress(ring);
    this.writer = Thread.ofPlatform().name("analytics-writer").daemon().unstarted(this::writeLoop);
    this.retention = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("analytics-retention").daemon().factory());
  }

  /**
   * Opens the DuckDB file with {@code threads} worker threads. DuckDB counts the machine's cores, not
   * the ones the JVM may run on; on a node pinned to one core its second thread only splits the
   * writer's insert into tasks that take turns (~20 % more CPU per call in an isolated measurement).
   * A {@code memoryLimit} above 0 bounds its memory (whole KiB); 0 leaves DuckDB's default.
   */
  static DuckDBConnection connect(Path file, int threads, long memoryLimit) throws SQLException {
    Properties config = new Properties();
    config.setProperty("threads", Integer.toString(Math.max(1, threads)));
    if (memoryLimit > 0) config.setProperty("memory_limit", Math.max(1, memoryLimit / 1024) + "KiB");
    return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), config);
  }

  /** Opens (or creates) the store file and starts the writer and the retention job. */
  public static AnalyticsStore open(Options options) {
    try {
      Files.createDirectories(options.file().toAbsolutePath().getParent());
      DuckDBConnection c = connect(options.file(), Runtime.getRuntime().availableProcessors(), options.memoryLimit());
      CallSchema.createOrMigrate(c);
      AnalyticsStore store = new AnalyticsStore(options, c);
      store.writer.start();
      long every = Math.max(1, options.retentionInterval().toMillis());
      store.retention.scheduleWithFixedDelay(store::applyRetentionQuietly, every, every, TimeUnit.MILLISECONDS);
      return store;
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot open the analytics store " + options.file() + ": " + e.getMessage(), e);
    }
  }

  /**
   * What the proxy calls after each request's log phase: copies the call into the ring (no
   * allocation; drops the oldest call when the writer is a lap behind), with the payload the
   * route's {@code call-log} plugin captured, if any.
   */
  public RequestListener listener() {
    return new RequestListener() {
      @Override
      public void logged(ExchangeView request) {
        if (running) ring.record(request, epochMillisAtNanoZero, payloads.take(request.requestId()));
      }
    };
  }

  /** Records a call given column by column (tests, benchmarks); never waits, drops the oldest when full. */
  public void record(CallRecord call) {
    if (running) ring.record(call);
  }

  /** Where the {@code call-log} plugin leaves a captured payload for the call's row. */
  public PayloadInbox payloads() {
    return payloads;
  }

  /** {@code queued}, {@code written}, {@code dropped}: the {@code analytics} object of {@code /status}. */
  public ObjectNode stats() {
    return Json.object().put("queued", ring.size()).put("written", progress.written()).put("dropped", ring.dropped());
  }

  public long dropped() {
    return ring.dropped();
  }

  public long written() {
    return progress.written();
  }

  /** A connection for one query (DuckDB connections are per thread); the caller closes it. */
  @Override
  public Connection connection() throws SQLException {
    return root.duplicate();
  }

  @Override
  public CallDialect dialect() {
    return CallDialect.DUCKDB;
  }

  /**
   * Drains the ring into one batch and appends it as one transaction when it is full, when its
   * oldest call has waited {@link #MAX_WAIT_NANOS}, on {@link #flush} or at close.
   */
  private void writeLoop() {
    CallRows batch = new CallRows(BATCH, contexts, strings);
    long oldest = 0;
    ArrowCallNumbers arrow = ArrowCallNumbers.create(BATCH);
    try (DuckDBConnection c = (DuckDBConnection) root.duplicate()) {
      contexts.load(c);
      strings.reset(CallSchema.nextStringKey(c));
      lastStringSweep = System.nanoTime() - 10 * options.retentionInterval().toNanos();
      while (true) {
        boolean stopping = !running;
        boolean wasEmpty = batch.size() == 0;
        followWallClock();
        int drained = ring.drainTo(batch); // the rows become numbers and keys here
        if (wasEmpty && batch.size() > 0) oldest = System.nanoTime();
        boolean due = batch.full() || stopping || progress.urgent() || waitedEnough(batch.size(), System.nanoTime() - oldest);
        if (batch.size() > 0 && due) {
          write(c, batch, arrow);
          batch.clear();
          sweepStringsNowAndThen(c);
        } else if (stopping && drained == 0) {
          return;
        } else if (!batch.full()) {
          LockSupport.parkNanos(POLL_NANOS);
        }
      }
    } catch (SQLException e) {
      LOG.error("analytics writer stopped: {}", e.getMessage());
    } finally {
      if (arrow != null) arrow.close();
    }
  }

  /** Follows a wall-clock step (more than the ±1 ms two clock reads differ by anyway). */
  private void followWallClock() {
    long now = epochMillisAtNanoZero();
    if (Math.abs(now - epochMillisAtNanoZero) > 1) epochMillisAtNanoZero = now;
  }

  static long epochMillisAtNanoZero() {
    return System.currentTimeMillis() - Math.floorDiv(System.nanoTime(), 1_000_000L);
  }

  /**
   * Whether a batch of this many calls, the oldest waiting this long, is due: after {@link #MAX_WAIT_NANOS}
   * unless it is filling fast enough to be a whole row group within {@link #BUSY_WAIT_NANOS}.
   */
  static boolean waitedEnough(int calls, long waitedNanos) {
    if (waitedNanos >= BUSY_WAIT_NANOS) return true;
    if (waitedNanos < MAX_WAIT_NANOS) return false;
    return (double) calls * BUSY_WAIT_NANOS < (double) CallSchema.ROW_GROUP * waitedNanos;
  }

  /**
   * Stores the batch's new contexts and strings first (a crash in between leaves only unused ones),
   * then its rows and their details.
   */
  private void write(DuckDBConnection c, CallRows batch, @Nullable ArrowCallNumbers arrow) throws SQLException {
    try {
      if (contexts.anyAdded()) {
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, CallSchema.CONTEXTS)) {
          contexts.appendAdded(a);
        }
        contexts.stored();
      }
      if (strings.anyAdded()) {
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, CallSchema.STRINGS)) {
          strings.appendAdded(a);
        }
        strings.stored();
      }
      if (batch.anyDetails()) { // before the rows: a crash in between leaves details no row reads
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, CallSchema.DETAILS)) {
          batch.appendDetails(a);
        }
      }
      if (arrow != null) {
        arrow.insert(c, batch); // one transaction
      } else {
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, CallSchema.NUMBERS)) {
          batch.appendRows(a);
        } // closing flushes: the batch is committed as one
      }
      progress.written(batch.size());
    } catch (SQLException | RuntimeException e) {
      progress.failed(batch.size());
      LOG.warn("analytics: {} calls not written: {}", batch.size(), e.getMessage());
      contexts.load(c); // forget keys that may not have been stored
      strings.reset(CallSchema.nextStringKey(c));
    }
  }

  /** After retention deleted calls, now and then: drops the strings no call uses (writer thread). */
  private void sweepStringsNowAndThen(DuckDBConnection c) {
    long now = System.nanoTime();
    if (!stringsToSweep || now - lastStringSweep < 10 * options.retentionInterval().toNanos()) return;
    stringsToSweep = false;
    lastStringSweep = now;
    try {
      CallSchema.sweepStrings(c);
      strings.reset(CallSchema.nextStringKey(c)); // its keys may name deleted rows now
    } catch (SQLException e) {
      LOG.warn("analytics: unused strings not swept: {}", e.getMessage());
    }
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
      long deleted = 0;
      if (options.retentionDays() > 0) {
        for (String table : CallSchema.CALL_TABLES) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE started_at < ?")) {
            ps.setLong(1, nowMillis - TimeUnit.DAYS.toMillis(options.retentionDays()));
            deleted += ps.executeUpdate();
          }
        }
      }
      for (int round = 0; round < 10 && options.maxBytes() > 0 && fileBytes() > options.maxBytes(); round++) {
        try (Statement s = c.createStatement()) {
          // the oldest tenth of all calls, whichever layout holds them
          try (ResultSet rs = s.executeQuery("SELECT quantile_disc(started_at, 0.1) FROM call_stats")) {
            if (!rs.next() || rs.getObject(1) == null) break;
            long bound = rs.getLong(1);
            for (String table : CallSchema.CALL_TABLES) deleted += s.executeUpdate("DELETE FROM " + table + " WHERE started_at <= " + bound);
          }
          s.execute("CHECKPOINT");
        }
      }
      if (deleted > 0) stringsToSweep = true;
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

  /** Waits until every call recorded so far is written (or counted as dropped or failed): tests, shutdown. */
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
    try {
      root.close();
    } catch (SQLException e) {
      LOG.warn("analytics store close: {}", e.getMessage());
    }
  }
}
