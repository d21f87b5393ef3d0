package io.gatehouse.control;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.store.ConfigStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the store's change signal into runtime snapshots: one builder thread reads a consistent
 * copy of the store, binds it into a {@link ConfigSnapshot} and hands it to the sink (the data
 * plane compiles and swaps it). Bursts of writes coalesce into one build. A build that fails leaves
 * the previous snapshot serving; the error is kept for {@code /status}.
 */
public final class SnapshotFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotFeed.class);

  private final ConfigStore store;
  private final Consumer<ConfigSnapshot> sink;
  private final UnaryOperator<Map<String, List<ObjectNode>>> prepare;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread builder;
  private boolean pending = true;
  private volatile boolean closed;
  private volatile long appliedVersion = -1;
  private volatile long failures;
  private volatile @Nullable String lastError;

  public SnapshotFeed(ConfigStore store, Consumer<ConfigSnapshot> sink) {
    this(store, UnaryOperator.identity(), sink);
  }

  /**
   * As {@link #SnapshotFeed(ConfigStore, Consumer)}, with {@code prepare} applied to the store's
   * rows before binding (vault references are resolved there, so secrets live only in the
   * snapshot). A {@code prepare} that throws fails the build like any other error.
   */
  public SnapshotFeed(ConfigStore store, UnaryOperator<Map<String, List<ObjectNode>>> prepare,
      Consumer<ConfigSnapshot> sink) {
    this.prepare = Objects.requireNonNull(prepare, "prepare");
    this.store = Objects.requireNonNull(store, "store");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.builder = Thread.ofPlatform().name("gatehouse-snapshot-builder").daemon().unstarted(this::run);
  }

  /** Builds the first snapshot now (so the node starts serving its config) and then follows changes. */
  public SnapshotFeed start() {
    store.onChange(v -> request());
    buildOnce();
    builder.start();
    return this;
  }

  /** Asks for a rebuild; cheap and safe from any thread. */
  public void request() {
    lock.lock();
    try {
      pending = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The store version of the snapshot last handed to the sink successfully (-1 before the first). */
  public long appliedVersion() {
    return appliedVersion;
  }

  public @Nullable String lastError() {
    return lastError;
  }

  public long failures() {
    return failures;
  }

  private void run() {
    while (!closed) {
      lock.lock();
      try {
        while (!pending && !closed) {
          changed.awaitUninterruptibly();
        }
        pending = false;
      } finally {
        lock.unlock();
      }
      if (!closed) {
        buildOnce();
      }
    }
  }

  private void buildOnce() {
    try {
      ConfigStore.StoreSnapshot raw = store.snapshot();
      if (raw.version() <= appliedVersion && lastError == null) {
        return;
      }
      sink.accept(ConfigSnapshot.of(raw.version(), prepare.apply(raw.tables())));
      appliedVersion = raw.version();
      lastError = null;
    } catch (RuntimeException e) {
      failures++;
      lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.error("configuration could not be applied; the previous one keeps serving: {}", lastError, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    request();
  }
}
