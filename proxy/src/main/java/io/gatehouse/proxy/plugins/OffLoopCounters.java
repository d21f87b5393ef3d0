package io.gatehouse.proxy.plugins;

import io.gatehouse.core.records.QueryTrace;
import io.gatehouse.sdk.SharedCounters;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link SharedCounters} over a blocking counter table (the store's JDBC counters): every call
 * runs on one worker thread of its own, never on an event loop; the plugin's {@code resume} brings
 * the result back to the request's loop. A call made by a handler of a request traced with
 * {@code db_query} reports its statements to that request ({@link QueryTrace}).
 */
public final class OffLoopCounters implements SharedCounters, AutoCloseable {

  /** The blocking admit, e.g. {@code io.gatehouse.store.counters.SqlCounters::admit}. */
  @FunctionalInterface
  public interface Admit {
    long[] admit(String[] keys, long[] limits, long cost, long[] expiresAtMillis);
  }

  /** The blocking add, e.g. {@code io.gatehouse.store.counters.SqlCounters::add}. */
  @FunctionalInterface
  public interface Add {
    long[] add(String[] keys, long[] deltas, long[] expiresAtMillis);
  }

  private final Admit admit;
  private final Add add;
  // one thread: the table is one connection, and SQLite serializes writers anyway
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "gatehouse-shared-counters");
    t.setDaemon(true);
    return t;
  });

  public OffLoopCounters(Admit admit, Add add) {
    this.admit = Objects.requireNonNull(admit, "admit");
    this.add = Objects.requireNonNull(add, "add");
  }

  @Override
  public CompletionStage<long[]> admit(String[] keys, long[] limits, long cost, long[] expiresAtMillis) {
    return off(() -> admit.admit(keys, limits, cost, expiresAtMillis));
  }

  @Override
  public CompletionStage<long[]> add(String[] keys, long[] deltas, long[] expiresAtMillis) {
    return off(() -> add.add(keys, deltas, expiresAtMillis));
  }

  private CompletionStage<long[]> off(java.util.function.Supplier<long[]> work) {
    QueryTrace.Listener traced = TracedSteps.queriesOfRunningHandler();
    return traced == null ? CompletableFuture.supplyAsync(work, worker)
        : CompletableFuture.supplyAsync(() -> QueryTrace.observed(traced, work), worker);
  }

  @Override
  public void close() {
    worker.shutdown();
  }
}
