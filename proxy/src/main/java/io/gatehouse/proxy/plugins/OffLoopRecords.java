package io.gatehouse.proxy.plugins;

import io.gatehouse.core.records.QueryTrace;
import io.gatehouse.core.records.RecordTable;
import io.gatehouse.sdk.PluginRecords;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's {@link PluginRecords} over the store's blocking {@link RecordTable}: every call runs on
 * a small worker pool of its own, never on an event loop; the plugin's {@code resume} brings the
 * result back to the request's loop. A call made by a handler of a request traced with
 * {@code db_query} reports its statements to that request ({@link QueryTrace}). Closing it closes
 * the table.
 */
public final class OffLoopRecords implements PluginRecords, AutoCloseable {
  private final RecordTable table;
  private final ExecutorService workers;

  /** @param threads worker threads: 1 for one SQLite connection, a few for a PostgreSQL pool */
  public OffLoopRecords(RecordTable table, int threads) {
    this.table = Objects.requireNonNull(table, "table");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "gatehouse-plugin-records");
      t.setDaemon(true);
      return t;
    });
  }

  private <T> CompletionStage<T> off(Supplier<T> work) {
    QueryTrace.Listener traced = TracedSteps.queriesOfRunningHandler();
    return traced == null ? CompletableFuture.supplyAsync(work, workers)
        : CompletableFuture.supplyAsync(() -> QueryTrace.observed(traced, work), workers);
  }

  private static Entry entry(RecordTable.Stored s) {
    return new Entry(s.key(), s.value(), s.expiresAtMillis());
  }

  @Override
  public CompletionStage<Optional<Entry>> get(String namespace, String key) {
    return off(() -> table.get(namespace, key).map(OffLoopRecords::entry));
  }

  @Override
  public CompletionStage<Void> put(String namespace, String key, String value, long expiresAtMillis) {
    return off(() -> {
      table.put(namespace, key, value, expiresAtMillis);
      return null;
    });
  }

  @Override
  public CompletionStage<Boolean> delete(String namespace, String key) {
    return off(() -> table.delete(namespace, key));
  }

  @Override
  public CompletionStage<Optional<Entry>> take(String namespace, String key) {
    return off(() -> table.take(namespace, key).map(OffLoopRecords::entry));
  }

  @Override
  public CompletionStage<List<Entry>> list(String namespace, @Nullable String afterKey, int limit) {
    return off(() -> table.list(namespace, afterKey, limit).stream().map(OffLoopRecords::entry).toList());
  }

  @Override
  public void close() {
    workers.shutdown();
    table.close();
  }
}
