package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.audit.ObjectAudit;
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

/**
 * What every JDBC store does the same way (embedded SQLite, DB-less SQLite in memory, PostgreSQL):
 * the table registry, argument checks, reads through {@link EntityReader}, write transactions
 * through {@link JdbcWriteTransaction} behind one writer lock, change notification after commit,
 * and the closed state. An engine only says how it gets connections and how it begins, commits and
 * rolls back: {@link #onConnection}, {@link #inReadTransaction}, {@link #inWriteTransaction} and
 * {@link #closeConnections}.
 */
public abstract class JdbcConfigStore implements ConfigStore {
  protected final Clock clock;
  protected final TableRegistry tables = new TableRegistry();
  private final ChangeNotifier notifier = new ChangeNotifier();
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;

  protected JdbcConfigStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** JDBC work on a connection the engine lends. */
  @FunctionalInterface
  public interface ConnectionWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs single-statement reads on a connection (auto-commit; pooled or the engine's own). */
  protected abstract <T> T onConnection(ConnectionWork<T> work) throws SQLException;

  /** Runs {@code work} in one read-only transaction: every statement sees the same instant. */
  protected abstract <T> T inReadTransaction(ConnectionWork<T> work) throws SQLException;

  /**
   * Runs {@code work} in one write transaction and commits it, or rolls back and rethrows when it
   * throws. Called with the store's write lock held. {@code work} returns the new version, or -1
   * when it wrote nothing; this returns what it returned.
   */
  protected abstract long inWriteTransaction(ConnectionWork<Long> work) throws SQLException;

  /** Releases the engine's connections; called once, with the write lock held. */
  protected abstract void closeConnections();

  @Override
  public void register(TableSpec table) {
    tables.register(table);
  }

  @Override
  public final <T> T transaction(StoreTransaction.Work<T> work) {
    Objects.requireNonNull(work, "work");
    if (writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("store transactions do not nest; use the StoreTransaction you were given");
    }
    var result = new Object() {
      @Nullable T value;
    };
    long version;
    writeLock.lock();
    try {
      checkOpen();
      version = Jdbc.call(() -> inWriteTransaction(c -> {
        JdbcWriteTransaction tx = new JdbcWriteTransaction(c, tables, clock.millis());
        try {
          tx.purgeExpired(); // expiry is not an audited write
          tx.auditAs(ObjectAudit.current());
          result.value = work.run(tx);
          return tx.finish();
        } finally {
          tx.close();
        }
      }));
    } finally {
      writeLock.unlock();
    }
    if (version > 0) {
      notifier.publish(version); // after commit and outside the lock
    }
    return result.value;
  }

  /** Runs {@code work} while holding the writer lock (a bulk replace that is not a StoreTransaction). */
  protected final long underWriteLock(ConnectionWork<Long> work) {
    if (writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("store transactions do not nest");
    }
    long version;
    writeLock.lock();
    try {
      checkOpen();
      version = Jdbc.call(() -> inWriteTransaction(work));
    } finally {
      writeLock.unlock();
    }
    if (version > 0) {
      notifier.publish(version);
    }
    return version;
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    tables.require(table);
    Objects.requireNonNull(id, "id");
    return read(r -> r.get(table, id));
  }

  @Override
  public Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value) {
    TableSpec spec = tables.require(table);
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    return read(r -> r.findByUnique(spec, workspace, field, value));
  }

  @Override
  public Page list(String table, PageQuery query) {
    TableSpec spec = tables.require(table);
    Objects.requireNonNull(query, "query");
    return read(r -> r.list(spec, query));
  }

  @Override
  public Page listTags(PageQuery query, @Nullable String tag) {
    Objects.requireNonNull(query, "query");
    return read(r -> r.tags(query, tag));
  }

  @Override
  public java.util.Set<String> workspacesOf(String table) {
    tables.require(table);
    return read(r -> r.workspacesOf(table));
  }

  /** The {@code workspaces} table's names (migration V5); DB-less stores have no such table. */
  @Override
  public Map<String, String> workspaceNames() {
    checkOpen();
    List<Map.Entry<String, String>> rows = Jdbc.call(() -> onConnection(c -> Jdbc.query(c,
        "SELECT id, name FROM workspaces", rs -> Map.entry(rs.getString(1), rs.getString(2)))));
    Map<String, String> names = new LinkedHashMap<>();
    rows.forEach(e -> names.put(e.getKey(), e.getValue()));
    return names;
  }

  @Override
  public StoreSnapshot snapshot() {
    List<TableSpec> specs = tables.all();
    checkOpen();
    return Jdbc.call(() -> inReadTransaction(c -> {
      EntityReader r = new EntityReader(c, clock.millis());
      Map<String, List<ObjectNode>> rows = new LinkedHashMap<>();
      long version = r.version();
      for (TableSpec spec : specs) {
        rows.put(spec.name(), r.all(spec.name()));
      }
      return new StoreSnapshot(version, Collections.unmodifiableMap(rows));
    }));
  }

  @Override
  public long version() {
    return read(EntityReader::version);
  }

  @Override
  public void onChange(LongConsumer listener) {
    notifier.add(listener);
  }

  /** Tells this node's listeners about {@code version} (e.g. one another node committed). */
  protected final void publish(long version) {
    notifier.publish(version);
  }

  /** As {@link #publish}, even for a version told already (see {@link ChangeNotifier#announce}). */
  protected final void announce(long version) {
    notifier.announce(version);
  }

  @Override
  public boolean isReachable() {
    if (closed) {
      return false;
    }
    try {
      return onConnection(c -> {
        try (var st = c.createStatement()) {
          st.executeQuery("SELECT 1").close();
          return true;
        }
      });
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeConnections();
    } finally {
      writeLock.unlock();
    }
  }

  protected final boolean isClosed() {
    return closed;
  }

  protected final <T> T read(Function<EntityReader, T> work) {
    checkOpen();
    return Jdbc.call(() -> onConnection(c -> work.apply(new EntityReader(c, clock.millis()))));
  }

  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }
}
