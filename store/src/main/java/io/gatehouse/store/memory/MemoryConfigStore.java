package io.gatehouse.store.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.DeclarativeStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.internal.ChangeNotifier;
import io.gatehouse.store.internal.TableRegistry;
import io.gatehouse.store.memory.MemoryTables.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The DB-less store: all rows in memory as one immutable state behind a volatile reference, so a
 * read or a snapshot is one consistent state and a {@link #replaceAll} is one reference swap.
 * Writers (one at a time) work on copies of the tables they touch. With a file, every committed
 * state is written there first (atomically, write-then-rename) and read back at open: the last
 * good configuration survives a restart.
 */
public final class MemoryConfigStore implements DeclarativeStore {
  private static final String NO_HASH = "0".repeat(32);

  /** One committed state; never changed once published. */
  record State(long version, String hash, Map<String, MemoryTables> tables) {}

  private final Clock clock;
  private final @Nullable Path file;
  private final TableRegistry specs = new TableRegistry();
  private final ChangeNotifier notifier = new ChangeNotifier();
  private final ReentrantLock writeLock = new ReentrantLock();
  /** Rows read from the file whose table is not registered yet (indexes need the spec). */
  private final Map<String, List<ObjectNode>> unindexed = new ConcurrentHashMap<>();
  private volatile State state = new State(0, NO_HASH, Map.of());
  private volatile boolean closed;

  private MemoryConfigStore(Clock clock, @Nullable Path file) {
    this.clock = clock;
    this.file = file;
  }

  /** A store that lives only in memory. */
  public static MemoryConfigStore inMemory(Clock clock) {
    return new MemoryConfigStore(Objects.requireNonNull(clock, "clock"), null);
  }

  /** A store kept in {@code file} (e.g. {@code <prefix>/dbless.json}), starting from its content if present. */
  public static MemoryConfigStore open(Path file, Clock clock) {
    MemoryConfigStore store = new MemoryConfigStore(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(file, "file"));
    if (Files.exists(file)) {
      try {
        JsonNode saved = Json.MAPPER.readTree(file.toFile());
        saved.path("tables").fields().forEachRemaining(t -> {
          List<ObjectNode> rows = new ArrayList<>();
          t.getValue().forEach(r -> rows.add((ObjectNode) r));
          store.unindexed.put(t.getKey(), rows);
        });
        store.state = new State(saved.path("version").asLong(), saved.path("hash").asText(NO_HASH), Map.of());
      } catch (IOException | ClassCastException e) {
        throw new IllegalStateException("cannot read the saved DB-less configuration " + file + ": " + e.getMessage(), e);
      }
    }
    return store;
  }

  /** Whether a configuration was ever loaded (a restart can serve it). */
  public boolean hasConfiguration() {
    return !state.hash().equals(NO_HASH);
  }

  @Override
  public void register(TableSpec table) {
    specs.register(table);
    writeLock.lock();
    try {
      if (state.tables().containsKey(table.name())) {
        return;
      }
      MemoryTables t = new MemoryTables();
      List<ObjectNode> saved = unindexed.remove(table.name());
      if (saved != null) {
        for (ObjectNode row : saved) {
          MemoryWrite.put(table, t, row, clock.millis());
        }
      }
      Map<String, MemoryTables> tables = new HashMap<>(state.tables());
      tables.put(table.name(), t);
      state = new State(state.version(), state.hash(), Map.copyOf(tables));
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T transaction(StoreTransaction.Work<T> work) {
    if (writeLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("store transactions do not nest");
    }
    long published = -1;
    T result;
    writeLock.lock();
    try {
      MemoryWrite tx = new MemoryWrite(specs, state.tables(), clock.millis());
      try {
        tx.purgeExpired();
        result = work.run(tx);
      } finally {
        tx.close();
      }
      if (tx.dirty()) {
        published = commit(new State(state.version() + 1, state.hash(), Map.copyOf(tx.tables())));
      }
    } finally {
      writeLock.unlock();
    }
    if (published > 0) {
      notifier.publish(published);
    }
    return result;
  }

  @Override
  public long replaceAll(Map<String, List<ObjectNode>> tables, String hash) {
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(hash, "hash");
    long now = clock.millis();
    Map<String, MemoryTables> built = new HashMap<>();
    for (TableSpec spec : specs.all()) {
      MemoryTables t = new MemoryTables();
      for (ObjectNode row : tables.getOrDefault(spec.name(), List.of())) {
        MemoryWrite.put(spec, t, row, now);
      }
      built.put(spec.name(), t);
    }
    for (String table : tables.keySet()) {
      specs.require(table);
    }
    long v;
    writeLock.lock();
    try {
      v = commit(new State(state.version() + 1, hash, Map.copyOf(built)));
    } finally {
      writeLock.unlock();
    }
    notifier.publish(v);
    return v;
  }

  @Override
  public String configHash() {
    return state.hash();
  }

  /** Saves (when kept in a file) and publishes a state; returns its version. */
  private long commit(State next) {
    if (file != null) {
      save(next);
    }
    state = next;
    return next.version();
  }

  private void save(State s) {
    ObjectNode doc = Json.object().put("version", s.version()).put("hash", s.hash());
    ObjectNode tables = doc.putObject("tables");
    s.tables().forEach((name, t) -> {
      var rows = tables.putArray(name);
      t.rows.values().forEach(r -> rows.add(MemoryWrite.render(r, clock.millis())));
    });
    unindexed.forEach((name, rows) -> tables.putArray(name).addAll(rows));
    try {
      Files.createDirectories(Objects.requireNonNull(file).toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Json.MAPPER.writeValue(tmp.toFile(), doc);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the DB-less configuration to " + file, e);
    }
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    specs.require(table);
    return MemoryWrite.get(state.tables(), table, id, clock.millis());
  }

  @Override
  public Optional<ObjectNode> findByUnique(String table, String field, String value) {
    return MemoryWrite.findByUnique(specs.require(table), state.tables(), field, value, clock.millis());
  }

  @Override
  public Page list(String table, PageQuery query) {
    return MemoryWrite.list(specs.require(table), state.tables(), Objects.requireNonNull(query, "query"), clock.millis());
  }

  @Override
  public Page listTags(PageQuery query, @Nullable String tag) {
    return MemoryWrite.listTags(specs, state.tables(), query, tag, clock.millis());
  }

  @Override
  public StoreSnapshot snapshot() {
    State s = state;
    long now = clock.millis();
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (TableSpec spec : specs.all()) {
      MemoryTables t = s.tables().get(spec.name());
      List<ObjectNode> rows = new ArrayList<>();
      if (t != null) {
        for (Iterator<Row> it = t.rows.values().iterator(); it.hasNext(); ) {
          Row r = it.next();
          if (r.visible(now)) {
            rows.add(MemoryWrite.render(r, now));
          }
        }
      }
      out.put(spec.name(), rows);
    }
    return new StoreSnapshot(s.version(), out);
  }

  @Override
  public long version() {
    return state.version();
  }

  @Override
  public void onChange(LongConsumer listener) {
    notifier.add(listener);
  }

  @Override
  public boolean isReachable() {
    return !closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
