package io.gatehouse.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.core.error.ErrorCode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.testsupport.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ratelimiting_metrics on PostgreSQL: exact admission from two nodes, expiry, an outage. */
class PostgresCountersTest {
  private static PostgresServer pg;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
    pg.createDatabase("counters");
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private static PostgresSettings settings(String schema) {
    return PostgresSettings.defaults()
        .withServer(pg.host(), pg.port(), "counters")
        .withLogin(pg.user(), pg.password())
        .withSchema(schema)
        .withTimeout(Duration.ofSeconds(1));
  }

  /** Kong's db_query instrumentation on PostgreSQL: a traced admission reports its transaction's statements. */
  @Test
  void a_traced_admission_reports_its_statements_as_postgres() {
    List<String> seen = new ArrayList<>();
    try (SqlCounters c = PostgresConfigStore.counters(settings("traced"), () -> 1_000)) {
      long[] before = io.gatehouse.core.records.QueryTrace.observed((system, sql, start, end, failure) ->
          seen.add(system + " " + sql.split(" ")[0] + (sql.contains("FOR UPDATE") ? " FOR UPDATE" : "")),
          () -> c.admit(new String[] {"k"}, new long[] {5}, 1, new long[] {60_000}));
      assertThat(before).containsExactly(0);
      // begin, create the row, lock it, read, add, commit: each statement once, none with its values
      assertThat(seen).containsExactly("postgres BEGIN", "postgres INSERT", "postgres SELECT FOR UPDATE",
          "postgres SELECT", "postgres INSERT", "postgres COMMIT");
    }
  }

  @Test
  void two_nodes_admit_exactly_the_limit() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000);
    try (SqlCounters a = PostgresConfigStore.counters(settings("exact"), clock::get);
        SqlCounters b = PostgresConfigStore.counters(settings("exact"), clock::get)) {
      AtomicInteger admitted = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SqlCounters c = t % 2 == 0 ? a : b;
        boolean reversed = t >= 2; // keys in both orders: row locks are taken sorted, so no deadlock
        done.add(pool.submit(() -> {
          for (int i = 0; i < 60; i++) {
            String[] keys = reversed ? new String[] {"k:hour", "k:min"} : new String[] {"k:min", "k:hour"};
            long[] limits = reversed ? new long[] {150, 100} : new long[] {100, 150};
            long[] before = c.admit(keys, limits, 1, new long[] {clock.get() + 60_000, clock.get() + 60_000});
            if (before[0] + 1 <= limits[0] && before[1] + 1 <= limits[1]) {
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

  @Test
  void add_is_unconditional_and_expired_counters_start_over() {
    AtomicLong clock = new AtomicLong(5_000);
    try (SqlCounters c = PostgresConfigStore.counters(settings("expiry"), clock::get)) {
      assertThat(c.add(new String[] {"x"}, new long[] {7}, new long[] {6_000})).containsExactly(0);
      assertThat(c.add(new String[] {"x"}, new long[] {3}, new long[] {6_000})).containsExactly(7);
      clock.set(6_000);
      assertThat(c.add(new String[] {"x"}, new long[] {1}, new long[] {9_000})).containsExactly(0);
      assertThat(c.admit(new String[] {"x"}, new long[] {1}, 1, new long[] {9_000})).containsExactly(1);
      assertThat(c.add(new String[] {"x"}, new long[] {0}, new long[] {9_000})).containsExactly(1);
    }
  }

  @Test
  void an_outage_is_code_8_and_counting_resumes_after_it() {
    AtomicLong clock = new AtomicLong(5_000);
    try (SqlCounters c = PostgresConfigStore.counters(settings("outage"), clock::get)) {
      assertThat(c.add(new String[] {"y"}, new long[] {2}, new long[] {60_000})).containsExactly(0);
      pg.stop();
      try {
        KongException e = org.assertj.core.api.Assertions.catchThrowableOfType(KongException.class,
            () -> c.add(new String[] {"y"}, new long[] {1}, new long[] {60_000}));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
      } finally {
        pg.start();
      }
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> c.add(new String[] {"y"}, new long[] {0}, new long[] {60_000})[0] == 2);
    }
  }
}
