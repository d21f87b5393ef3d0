package io.gatehouse.proxy.server;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A re-armable timeout on an event loop. Re-arming to a later time does not reschedule (the task
 * notices and sleeps again), so per-read re-arming costs a field write, not a timer operation.
 */
final class Deadline implements Runnable {
  private final EventExecutor loop;
  private final Runnable onExpire;
  private long deadline; // System.nanoTime(); 0 = disarmed
  private long scheduledFor;
  private @Nullable ScheduledFuture<?> task;

  Deadline(EventExecutor loop, Runnable onExpire) {
    this.loop = loop;
    this.onExpire = onExpire;
  }

  void arm(long timeoutNanos) {
    long now = System.nanoTime();
    deadline = now + timeoutNanos;
    if (deadline == 0) deadline = 1;
    if (task != null && scheduledFor - deadline > 0) {
      task.cancel(false);
      task = null;
    }
    if (task == null) {
      scheduledFor = deadline;
      task = loop.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  void armMillis(long millis) {
    arm(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  void disarm() {
    deadline = 0;
  }

  void cancel() {
    deadline = 0;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  @Override
  public void run() {
    task = null;
    if (deadline == 0) return;
    long left = deadline - System.nanoTime();
    if (left > 0) {
      scheduledFor = deadline;
      task = loop.schedule(this, left, TimeUnit.NANOSECONDS);
      return;
    }
    deadline = 0;
    onExpire.run();
  }
}
