package io.gatehouse.admin.analytics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a call log's writer thread has done with its ring's calls (written, or failed and counted),
 * and the flush a caller waits on: while it waits, the writer writes at once instead of filling its batch.
 * {@link AnalyticsStore} and {@link PostgresCallLog} share it.
 */
final class WriterProgress {
  private final CallRing ring;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean urgent;

  WriterProgress(CallRing ring) {
    this.ring = ring;
  }

  void written(int calls) {
    written.addAndGet(calls);
  }

  void failed(int calls) {
    failed.addAndGet(calls);
  }

  long written() {
    return written.get();
  }

  long failed() {
    return failed.get();
  }

  /** A caller waits in {@link #flush}: write what the batch holds now. */
  boolean urgent() {
    return urgent;
  }

  /** Waits until every call recorded so far is written, or counted as dropped or failed. */
  boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    urgent = true;
    try {
      while (!settled() && System.nanoTime() < deadline) Thread.sleep(5);
      return settled();
    } finally {
      urgent = false;
    }
  }

  private boolean settled() {
    return written.get() + failed.get() + ring.dropped() >= ring.recorded();
  }
}
