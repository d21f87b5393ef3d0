package io.gatehouse.plugins.logqueue;

import io.gatehouse.sdk.LogEntry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kong plugin queue: entries are added from the log phase (never blocking: a full queue drops
 * its oldest entry), and a virtual thread of its own takes batches of up to {@code max_batch_size},
 * waiting up to {@code max_coalescing_delay} for a batch to fill, and hands them to the sender,
 * retrying a failed batch with exponential backoff until {@code max_retry_time} has passed. A
 * queue left empty for a while ends its thread and closes its sender, as Kong's queue timer ends
 * when there is nothing to do; {@link LogQueues} then starts a new one for the next entry.
 */
public final class LogQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogQueue.class);
  private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

  private final String name;
  private final QueueConfig config;
  private final BatchSender sender;
  private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final long idleNanos;
  private final Runnable onEnd;
  private long dropped;
  private long lastDropWarning = System.nanoTime() - DROP_WARNING_INTERVAL_NANOS;
  private boolean closed;
  // a dead sink would otherwise log one error per request
  private final AtomicLong lastDropError = new AtomicLong(System.nanoTime() - DROP_WARNING_INTERVAL_NANOS);
  private final AtomicLong unreportedFailedBatches = new AtomicLong();

  /** A queue that lives until {@link #close()}. */
  public LogQueue(String name, QueueConfig config, BatchSender sender) {
    this(name, config, sender, null, () -> {});
  }

  /**
   * @param idle how long the queue may stay empty before it ends (null: never)
   * @param onEnd runs on the queue's thread once it ended and will take no more entries
   */
  LogQueue(String name, QueueConfig config, BatchSender sender, @Nullable Duration idle,
      Runnable onEnd) {
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    Thread.ofVirtual().name("log-queue " + name).start(this::run);
  }

  /** Queues an entry; never blocks beyond a short lock. Past {@code max_entries} the oldest entry is dropped. */
  public void add(LogEntry entry) {
    offer(entry);
  }

  /** As {@link #add}; false when the queue has ended and took nothing. */
  boolean offer(LogEntry entry) {
    Objects.requireNonNull(entry, "entry");
    lock.lock();
    try {
      if (closed) return false;
      if (entries.size() >= config.maxEntries()) {
        entries.pollFirst();
        dropped++;
        long now = System.nanoTime();
        if (now - lastDropWarning >= DROP_WARNING_INTERVAL_NANOS) {
          lastDropWarning = now;
          LOG.warn("queue {}: queue full, dropping old entries ({} dropped so far)", name, dropped);
        }
      }
      entries.addLast(entry);
      changed.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Entries waiting to be sent (not counting a batch being sent). */
  public int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** Entries dropped because the queue was full. */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  public QueueConfig config() {
    return config;
  }

  /** Stops taking entries; the worker sends what is queued and ends. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the queue has ended (closed, or idle for too long). */
  public boolean ended() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      List<LogEntry> batch;
      while ((batch = nextBatch()) != null) {
        if (config.concurrencyLimit() == -1) {
          List<LogEntry> mine = batch;
          Thread.ofVirtual().name("log-queue " + name + " batch").start(() -> deliver(mine));
        } else {
          deliver(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        sender.close();
      } finally {
        onEnd.run();
      }
    }
  }

  /** The next batch, after waiting for it to fill or the coalescing delay to pass; null once closed and empty. */
  private @Nullable List<LogEntry> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      long idleUntil = System.nanoTime() + Math.min(idleNanos, Long.MAX_VALUE / 2);
      while (entries.isEmpty()) {
        long left = idleUntil - System.nanoTime();
        if (closed || left <= 0) {
          closed = true; // idle: end here; new entries go to a new queue
          return null;
        }
        changed.awaitNanos(left);
      }
      long deadline = System.nanoTime() + (long) (config.maxCoalescingDelay() * 1e9);
      while (entries.size() < config.maxBatchSize() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        changed.awaitNanos(left);
      }
      int n = Math.min(entries.size(), config.maxBatchSize());
      List<LogEntry> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) batch.add(entries.pollFirst());
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void reportDropped(int entries, int attempts, Exception e) {
    long failed = unreportedFailedBatches.incrementAndGet();
    long last = lastDropError.get();
    long now = System.nanoTime();
    if (now - last >= DROP_WARNING_INTERVAL_NANOS && lastDropError.compareAndSet(last, now)) {
      unreportedFailedBatches.addAndGet(-failed);
      LOG.error("queue {}: could not send {} entries after {} attempts, dropping them ({} batches dropped since the "
          + "last report): {}", name, entries, attempts, failed, e.toString());
    }
  }

  /** Sends a batch, retrying with doubling delays while {@code max_retry_time} allows. */
  private void deliver(List<LogEntry> batch) {
    long start = System.nanoTime();
    double delay = config.initialRetryDelay();
    for (int attempt = 1; ; attempt++) {
      try {
        sender.send(batch);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (elapsed + delay > config.maxRetryTime()) {
          reportDropped(batch.size(), attempt, e);
          return;
        }
        LOG.warn("queue {}: sending {} entries failed (attempt {}), retrying in {} s: {}", name, batch.size(), attempt,
            delay, e.toString());
        try {
          Thread.sleep((long) (delay * 1000));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        delay = Math.min(delay * 2, config.maxRetryDelay());
      }
    }
  }
}
