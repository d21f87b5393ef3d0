package io.gatehouse.admin.analytics;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded hand-over between the event loops and the writer thread. {@link #offer} never waits:
 * when the queue is full the oldest call is dropped (and counted) to make room for the newest.
 */
final class CallQueue {
  private final ArrayBlockingQueue<CallRecord> queue;
  private final LongAdder dropped = new LongAdder();

  CallQueue(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity: expected >= 1, got " + capacity);
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Adds a call; when full, drops the oldest first. Never blocks. */
  void offer(CallRecord call) {
    while (!queue.offer(call)) {
      if (queue.poll() != null) dropped.increment();
    }
  }

  /** Moves up to {@code max} calls into {@code into}, waiting up to {@code waitMillis} for the first. */
  int drain(List<CallRecord> into, int max, long waitMillis) throws InterruptedException {
    int n = queue.drainTo(into, max);
    if (n > 0) return n;
    CallRecord first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
    if (first == null) return 0;
    into.add(first);
    return 1 + queue.drainTo(into, max - 1);
  }

  int size() {
    return queue.size();
  }

  long dropped() {
    return dropped.sum();
  }
}
