package io.gatehouse.core.records;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The seam for Kong's {@code db_query} instrumentation between the runtime and the store: the
 * runtime runs a plugin's store call (records, shared counters) on a worker thread with the traced
 * request's {@link Listener}; the store tells it about every statement it runs meanwhile. A worker
 * runs one call at a time, so a thread-local scopes the listener exactly. Without a listener the
 * store reads no clock and reports nothing.
 */
public final class QueryTrace {
  private static final ThreadLocal<@Nullable Listener> CURRENT = new ThreadLocal<>();

  private QueryTrace() {}

  /** Told about each statement a store ran for a traced request. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param system the database, Kong's {@code db.system} ({@code postgres}, {@code sqlite})
     * @param statement the SQL text, with {@code ?} for its parameters (values never appear)
     * @param startNanos {@link System#nanoTime} when it began
     * @param endNanos {@link System#nanoTime} when it ended
     * @param failure what it threw, or null
     */
    void ran(String system, String statement, long startNanos, long endNanos, @Nullable Throwable failure);
  }

  /** Runs {@code work} on this thread with {@code listener} told about the statements the store runs in it. */
  public static <T> T observed(Listener listener, Supplier<T> work) {
    Objects.requireNonNull(listener, "listener");
    Listener outer = CURRENT.get();
    CURRENT.set(listener);
    try {
      return work.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /** The start of a statement to report ({@link System#nanoTime}), or 0 when nobody listens on this thread. */
  public static long start() {
    return CURRENT.get() == null ? 0 : System.nanoTime();
  }

  /** Reports a statement begun at {@code start} (from {@link #start}; 0 reports nothing). */
  public static void end(String system, String statement, long start, @Nullable Throwable failure) {
    if (start == 0) return;
    Listener l = CURRENT.get();
    if (l != null) l.ran(system, statement, start, System.nanoTime(), failure);
  }
}
