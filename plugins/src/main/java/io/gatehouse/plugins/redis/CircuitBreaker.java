package io.gatehouse.plugins.redis;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Stops calling a server that keeps failing. After {@code threshold} consecutive failures it opens
 * for {@code openNanos}: calls are refused at once. Then one trial call is let through (half open);
 * its success closes the breaker, its failure opens it again.
 */
public final class CircuitBreaker {
  private final int threshold;
  private final long openNanos;
  private final LongSupplier nanoClock;
  private final AtomicInteger failures = new AtomicInteger();
  /** While open: when the next trial may start; 0 when closed. */
  private final AtomicLong openUntil = new AtomicLong();

  public CircuitBreaker(int threshold, long openNanos, LongSupplier nanoClock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be >= 1, got " + threshold);
    }
    this.threshold = threshold;
    this.openNanos = openNanos;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** Whether a call may go out now; when the open period is over, exactly one caller gets the trial. */
  public boolean allow() {
    long until = openUntil.get();
    if (until == 0) {
      return true;
    }
    long now = nanoClock.getAsLong();
    // the trial: move the deadline forward so concurrent callers keep being refused meanwhile
    return now - until >= 0 && openUntil.compareAndSet(until, now + openNanos);
  }

  public void onSuccess() {
    failures.set(0);
    openUntil.set(0);
  }

  public void onFailure() {
    if (failures.incrementAndGet() >= threshold) {
      openUntil.set(nanoClock.getAsLong() + openNanos);
    }
  }

  public boolean isOpen() {
    return openUntil.get() != 0;
  }
}
