package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.proxy.events.RequestListener;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * Recording a call on the event loop allocates nothing (issue 20: a call log cheap enough to be on
 * by default): the store's own listener, fed a finished exchange, measured with the JDK's
 * per-thread allocation counter, while the ring laps many times (drop-oldest, no writer draining).
 */
class CallRingAllocationTest {
  private static final int CALLS = 200_000;

  @Test
  void recording_a_call_allocates_nothing() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
    mx.setThreadAllocatedMemoryEnabled(true);
    CallRing ring = new CallRing(4096);
    FinishedCall call = new FinishedCall();
    long thread = Thread.currentThread().threadId();
    for (int i = 0; i < CALLS; i++) ring.record(call, AnalyticsStore.epochMillisAtNanoZero(), null); // warm up: compiled
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < CALLS; i++) ring.record(call, AnalyticsStore.epochMillisAtNanoZero(), null);
    double perCall = (mx.getThreadAllocatedBytes(thread) - before) / (double) CALLS;
    assertThat(perCall).as("bytes per recorded call").isLessThan(1);

    assertThat(ring.recorded()).isEqualTo(2L * CALLS);
    CallBatch batch = new CallBatch(8192);
    assertThat(ring.drainTo(batch)).isEqualTo(4096); // the newest lap; the rest was dropped oldest-first
    assertThat(ring.dropped()).isEqualTo(2L * CALLS - 4096);
    assertThat(batch.ref(0, CallRing.REQUEST_ID)).isEqualTo(call.requestId);
  }

  /** The same through the store's listener, with its writer draining into DuckDB on its own thread. */
  @Test
  void the_store_listener_allocates_nothing_on_the_recording_thread(@TempDir Path dir) throws Exception {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    mx.setThreadAllocatedMemoryEnabled(true);
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("a.duckdb"), 1 << 20, 0, 0,
        Duration.ofDays(1)))) {
      RequestListener listener = store.listener();
      FinishedCall call = new FinishedCall();
      long thread = Thread.currentThread().threadId();
      for (int i = 0; i < 50_000; i++) listener.logged(call);
      long before = mx.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 50_000; i++) listener.logged(call);
      double perCall = (mx.getThreadAllocatedBytes(thread) - before) / 50_000.0;
      assertThat(perCall).as("bytes per recorded call").isLessThan(1);
      assertThat(store.flush(Duration.ofMinutes(2))).isTrue();
      assertThat(store.written()).isEqualTo(100_000);
      assertThat(store.dropped()).isZero();
    }
  }
}
