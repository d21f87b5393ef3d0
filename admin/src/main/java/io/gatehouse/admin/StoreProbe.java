package io.gatehouse.admin;

import io.gatehouse.store.ConfigStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the store whether it answers and which config version it holds, waiting at most a fixed
 * budget. A store whose database is down can take {@code pg_timeout} (seconds) to say so; a load
 * balancer polling {@code /status} must not wait that long, nor pull every node at once. At most one
 * probe runs at a time: callers during a slow probe share it, and past the budget they get
 * "unreachable" with the last version seen.
 */
public final class StoreProbe {
  /** What one probe found. */
  public record Result(boolean reachable, long version) {}

  private final ConfigStore store;
  private final Duration budget;
  private final AtomicReference<CompletableFuture<Result>> running =
      new AtomicReference<>(CompletableFuture.completedFuture(new Result(true, 0)));
  private volatile long lastVersion;

  public StoreProbe(ConfigStore store, Duration budget) {
    this.store = store;
    this.budget = budget;
  }

  public Result probe() {
    CompletableFuture<Result> f = current();
    try {
      return f.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return new Result(false, lastVersion);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, lastVersion);
    }
  }

  /** The probe under way, or a new one when the last has finished. */
  private CompletableFuture<Result> current() {
    CompletableFuture<Result> f = running.get();
    if (!f.isDone()) {
      return f;
    }
    CompletableFuture<Result> next = new CompletableFuture<>();
    if (!running.compareAndSet(f, next)) {
      return running.get(); // another caller started one just now
    }
    Thread.ofVirtual().name("status-probe").start(() -> next.complete(ask()));
    return next;
  }

  private Result ask() {
    try {
      if (!store.isReachable()) {
        return new Result(false, lastVersion);
      }
      long v = store.version();
      lastVersion = v;
      return new Result(true, v);
    } catch (RuntimeException e) { // the database went away between the two questions
      return new Result(false, lastVersion);
    }
  }
}
