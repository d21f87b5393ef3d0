package io.gatehouse.plugins.logqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.sdk.LogEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Kong's queue semantics: batching, coalescing delay, drop-oldest past max_entries, retries. */
class LogQueueTest {

  /** An entry that knows its number: the queue never looks inside entries. */
  record Numbered(int n) implements LogEntry {
    @Override
    public byte[] toJsonBytes() {
      return ("{\"n\":" + n + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public java.util.Map<String, Object> toMap() {
      return java.util.Map.of("n", n);
    }
  }

  static LogEntry entry(int n) {
    return new Numbered(n);
  }

  static QueueConfig config(int batch, double delay, int maxEntries, double maxRetryTime) {
    return new QueueConfig(batch, delay, maxEntries, null, maxRetryTime, 0.01, 0.05, 1);
  }

  static List<Integer> numbers(List<LogEntry> batch) {
    List<Integer> out = new ArrayList<>();
    batch.forEach(e -> out.add(((Numbered) e).n()));
    return out;
  }

  @Test
  void a_full_batch_goes_out_at_once_and_a_partial_one_after_the_coalescing_delay() {
    List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    try (LogQueue q = new LogQueue("t1", config(2, 2, 100, 0), b -> sent.add(numbers(b)))) {
      long start = System.nanoTime();
      q.add(entry(1));
      q.add(entry(2));
      await().atMost(Duration.ofMillis(1500)).until(() -> sent.size() == 1); // well before the 2 s delay
      assertThat(sent.getFirst()).containsExactly(1, 2);
      q.add(entry(3));
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
      assertThat(sent.get(1)).containsExactly(3);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1950);
    }
  }

  @Test
  void past_max_entries_the_oldest_entries_are_dropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    try (LogQueue q = new LogQueue("t2", config(1, 0, 3, 0), b -> {
      release.await(); // a stuck sink
      sent.add(numbers(b));
    })) {
      q.add(entry(0));
      await().atMost(Duration.ofSeconds(5)).until(() -> q.size() == 0); // entry 0 is being sent
      for (int i = 1; i <= 10; i++) q.add(entry(i));
      assertThat(q.size()).isEqualTo(3);
      assertThat(q.dropped()).isEqualTo(7);
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 4);
      assertThat(sent).containsExactly(List.of(0), List.of(8), List.of(9), List.of(10));
    }
  }

  @Test
  void a_failed_batch_is_retried_until_it_goes_through_or_max_retry_time_passes() {
    AtomicInteger attempts = new AtomicInteger();
    List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    try (LogQueue q = new LogQueue("t3", config(1, 0, 100, 5), b -> {
      if (attempts.incrementAndGet() < 3) throw new IOException("sink down");
      sent.add(numbers(b));
    })) {
      q.add(entry(1));
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
      assertThat(attempts.get()).isEqualTo(3);
    }
    AtomicInteger tries = new AtomicInteger();
    try (LogQueue q = new LogQueue("t4", config(1, 0, 100, 0.2), b -> {
      tries.incrementAndGet();
      throw new IOException("sink down");
    })) {
      q.add(entry(1));
      q.add(entry(2));
      // each entry is given up after about 0.2 s, then the next one is tried
      await().atMost(Duration.ofSeconds(5)).until(() -> q.size() == 0 && tries.get() >= 6);
      int settled = tries.get();
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      assertThat(tries.get()).as("no endless retries").isLessThan(settled + 8);
    }
  }

  @Test
  void an_idle_queue_ends_closes_its_sender_and_takes_no_more_entries() {
    AtomicInteger closes = new AtomicInteger();
    AtomicInteger ends = new AtomicInteger();
    List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    BatchSender sender = new BatchSender() {
      @Override
      public void send(List<LogEntry> batch) {
        sent.add(numbers(batch));
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    };
    LogQueue q = new LogQueue("t5", config(1, 0, 10, 0), sender, Duration.ofMillis(200), ends::incrementAndGet);
    assertThat(q.offer(entry(1))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> ends.get() == 1);
    assertThat(sent).containsExactly(List.of(1));
    assertThat(closes.get()).isEqualTo(1);
    assertThat(q.ended()).isTrue();
    assertThat(q.offer(entry(2))).isFalse();
  }

  @Test
  void log_queues_share_one_queue_per_key() throws Exception {
    List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    QueueConfig c = config(1, 0, 10, 0);
    LogQueues.Factory factory = () -> b -> sent.add(numbers(b));
    LogQueues.add("shared-key-test", c, factory, entry(1));
    LogQueues.add("shared-key-test", c, factory, entry(2));
    assertThat(LogQueues.get("shared-key-test", c, factory)).isSameAs(LogQueues.find("shared-key-test"));
    await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
    assertThat(sent).containsExactly(List.of(1), List.of(2));
  }
}
