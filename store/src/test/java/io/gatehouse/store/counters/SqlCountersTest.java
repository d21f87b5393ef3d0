package io.gatehouse.store.counters;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.store.sqlite.SqliteConfigStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ratelimiting_metrics on SQLite: exact admission from two connections on one file, expiry. */
class SqlCountersTest {
  @TempDir Path dir;

  @Test
  void two_connections_on_one_file_admit_exactly_the_limit() throws Exception {
    Path file = dir.resolve("gatehouse.db");
    AtomicLong clock = new AtomicLong(1_000_000);
    try (SqlCounters a = SqliteConfigStore.counters(file, clock::get);
        SqlCounters b = SqliteConfigStore.counters(file, clock::get)) {
      AtomicInteger admitted = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SqlCounters c = t % 2 == 0 ? a : b;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            long[] before = c.admit(new String[] {"k:min", "k:hour"}, new long[] {100, 150}, 1,
                new long[] {clock.get() + 60_000, clock.get() + 3_600_000});
            if (before[0] + 1 <= 100 && before[1] + 1 <= 150) {
              admitted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      assertThat(admitted.get()).isEqualTo(100);
      long[] read = b.admit(new String[] {"k:min", "k:hour"}, new long[] {0, 0}, 0, new long[] {0, 0});
      assertThat(read).containsExactly(100, 100);
    }
  }

  /** Kong's db_query instrumentation: a traced admission reports its transaction's statements, in order. */
  @Test
  void a_traced_admission_reports_its_statements() {
    List<String> seen = new ArrayList<>();
    try (SqlCounters c = SqliteConfigStore.counters(dir.resolve("t.db"), () -> 1_000)) {
      long[] before = io.gatehouse.core.records.QueryTrace.observed((system, sql, start, end, failure) ->
          seen.add(system + " " + sql.substring(0, Math.min(sql.length(), 40))),
          () -> c.admit(new String[] {"k"}, new long[] {5}, 1, new long[] {60_000}));
      assertThat(before).containsExactly(0);
      assertThat(seen).containsExactly("sqlite BEGIN IMMEDIATE",
          "sqlite SELECT value FROM ratelimiting_metrics W",
          "sqlite INSERT INTO ratelimiting_metrics (counte",
          "sqlite COMMIT");
      c.admit(new String[] {"k"}, new long[] {5}, 1, new long[] {60_000});
      assertThat(seen).as("untraced: nothing more").hasSize(4);
    }
  }

  @Test
  void add_is_unconditional_and_expired_counters_start_over() {
    AtomicLong clock = new AtomicLong(5_000);
    try (SqlCounters c = SqliteConfigStore.counters(dir.resolve("g.db"), clock::get)) {
      assertThat(c.add(new String[] {"x"}, new long[] {7}, new long[] {6_000})).containsExactly(0);
      assertThat(c.add(new String[] {"x"}, new long[] {3}, new long[] {6_000})).containsExactly(7);
      clock.set(6_000);
      assertThat(c.add(new String[] {"x"}, new long[] {1}, new long[] {9_000})).containsExactly(0);
      assertThat(c.admit(new String[] {"x"}, new long[] {1}, 1, new long[] {9_000})).containsExactly(1);
      assertThat(c.add(new String[] {"x"}, new long[] {0}, new long[] {9_000})).containsExactly(1);
    }
  }
}
