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
  private boolean forced;
  private volatile boolean closed;
  private volatile long appliedVersion = -1;
  private volatile long failures;
  private volatile @Nullable String lastError;
  private volatile Source source = Source.DATABASE;
  private @Nullable LastGoodFile lastGood;

  /** Where the configuration being served came from ({@code configuration.source} on {@code /status}). */
  public enum Source {
    /** The store (the database, or a DB-less node's declarative configuration). */
    DATABASE,
    /** {@link LastGoodFile}: the node started while its database was down. */
    LAST_GOOD_FILE;

    /** The name {@code /status} shows. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

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

  /** Saves every snapshot built from the store to {@code file}; call before starting. */
  public SnapshotFeed keepLastGood(LastGoodFile file) {
    this.lastGood = Objects.requireNonNull(file, "file");
    return this;
  }

  /** Builds the first snapshot now (so the node starts serving its config) and then follows changes. */
  public SnapshotFeed start() {
    store.onChange(v -> request());
    buildOnce();
    builder.start();
    return this;
  }

  /**
   * Serves {@code saved} now (the store cannot be read: its database is down) and then follows the
   * store: the first build that succeeds once it is back replaces it, whatever its version. A saved
   * configuration that does not build is thrown: the node has nothing to serve.
   */
  public SnapshotFeed startFrom(LastGoodFile.Saved saved) {
    Objects.requireNonNull(saved, "saved");
    sink.accept(ConfigSnapshot.of(saved.version(), prepare.apply(saved.tables())));
    appliedVersion = saved.version();
    source = Source.LAST_GOOD_FILE;
    store.onChange(v -> request());
    builder.start();
    return this;
  }

  public Source source() {
    return source;
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

  /**
   * Asks for a build even if the store has not changed (a reload: vault references and other
   * outside inputs are read anew). Cheap and safe from any thread.
   */
  public void rebuild() {
    lock.lock();
    try {
      forced = true;
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
      boolean force;
      lock.lock();
      try {
        while (!pending && !closed) {
          changed.awaitUninterruptibly();
        }
        pending = false;
        force = forced;
        forced = false;
      } finally {
        lock.unlock();
      }
      if (!closed) {
        buildOnce(force);
      }
    }
  }

  private void buildOnce() {
    buildOnce(false);
  }

  private void buildOnce(boolean force) {
    try {
      ConfigStore.StoreSnapshot raw = store.snapshot();
      if (!force && raw.version() <= appliedVersion && lastError == null && source == Source.DATABASE) {
        return;
      }
      sink.accept(ConfigSnapshot.of(raw.version(), prepare.apply(raw.tables()))
          .withWorkspaceNames(store.workspaceNames()));
      appliedVersion = raw.version();
      lastError = null;
      source = Source.DATABASE;
      LastGoodFile file = lastGood;
      if (file != null) { // the store's rows, not prepare's: resolved vault secrets never reach the disk
        save(file, raw);
      }
    } catch (RuntimeException e) {
      failures++;
      lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.error("configuration could not be applied; the previous one keeps serving: {}", lastError, e);
    }
  }

  private static void save(LastGoodFile file, ConfigStore.StoreSnapshot raw) {
    try {
      file.save(raw.version(), raw.tables());
    } catch (java.io.IOException | RuntimeException e) { // the running configuration stays applied
      LOG.error("could not save the last good configuration to {}: {}", file.path(), e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    request();
  }
}
