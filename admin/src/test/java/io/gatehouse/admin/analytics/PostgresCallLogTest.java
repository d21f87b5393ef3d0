package io.gatehouse.admin.analytics;

import io.gatehouse.admin.http.WorkspaceRef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.store.postgres.PostgresConfigStore;
import io.gatehouse.store.postgres.PostgresSettings;
import io.gatehouse.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL call log against a real server: the same calls give the same JSON as the DuckDB
 * store for every query the API makes (pages, detail, filters, aggregates per bucket and group);
 * COPY escaping; retention in chunks; and an outage that drops (and counts) only what does not fit.
 */
class PostgresCallLogTest {
  private static final long DAY = 86_400_000L;
  private static PostgresServer pg;
  private static int databases;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private static PostgresSettings freshDatabase() {
    String name = "calls_" + (++databases);
    pg.createDatabase(name);
    return PostgresSettings.defaults().withServer(pg.host(), pg.port(), name).withLogin(pg.user(), pg.password())
        .withTimeout(Duration.ofSeconds(1));
  }

  private static PostgresCallLog open(PostgresSettings settings, int queue, int retentionDays) {
    return PostgresCallLog.open(PostgresConfigStore.lazyPool(settings, "test-analytics", 4),
        new PostgresCallLog.Options(queue, retentionDays, Duration.ofHours(1)));
  }

  /** Deterministic calls over ~70 days: several services, routes, consumers, statuses, ties on started_at. */
  private static List<CallRecord> calls() {
    Random r = new Random(20);
    List<CallRecord> out = new ArrayList<>();
    long t0 = 1_761_955_200_000L; // 2025-11-01T00:00:00Z
    String[] statuses = {"200", "200", "200", "201", "404", "429", "500", "503"};
    for (int i = 0; i < 600; i++) {
      long started = t0 + (long) (r.nextDouble() * 70 * DAY) / 1000 * 1000; // whole seconds: ties happen
      int s = r.nextInt(3);
      int route = r.nextInt(5);
      int consumer = r.nextInt(4);
      out.add(new CallRecord(started, String.format("req-%04d", r.nextInt(10_000)) + "-" + i, CallRecord.DEFAULT_WORKSPACE,
          "svc-" + s, "service " + s, "route-" + route, "route " + route,
          consumer == 3 ? null : "cons-" + consumer, consumer == 3 ? null : "user\t" + consumer,
          i % 5 == 0 ? "POST" : "GET", "/p/" + i + (i % 50 == 0 ? "\\x\ny\u00e9\u20ac" : ""),
          Integer.parseInt(statuses[r.nextInt(statuses.length)]), r.nextInt(500), r.nextInt(400) - 1, r.nextInt(5),
          r.nextInt(2000), r.nextInt(100_000), "10.0.0." + r.nextInt(4), i % 7 == 0 ? null : "10.1.0.1:" + (8000 + s)));
    }
    return out;
  }

  @Test
  void everyQueryAnswersTheSameJsonAsTheDuckDbStore() throws Exception {
    List<CallRecord> calls = calls();
    try (AnalyticsStore duck = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("a.duckdb"), 4096, 0, 0,
            Duration.ofHours(1)));
        PostgresCallLog post = open(freshDatabase(), 4096, 0)) {
      for (CallRecord c : calls) {
        duck.record(c);
        post.record(c);
      }
      assertThat(duck.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(post.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(post.written()).isEqualTo(calls.size());
      assertThat(post.dropped()).isZero();
      CallQueries d = new CallQueries(duck);
      CallQueries p = new CallQueries(post);

      long mid = calls.get(0).startedAt();
      List<CallFilter> filters = List.of(CallFilter.ALL,
          new CallFilter(mid - 20 * DAY, mid + 20 * DAY, null, null, null, null, null, null, null, null, null, WorkspaceRef.DEFAULT),
          new CallFilter(null, null, "service 1", null, null, null, null, null, null, null, null, WorkspaceRef.DEFAULT),
          new CallFilter(null, null, null, "route-2", "user\t1", null, null, null, null, null, null, WorkspaceRef.DEFAULT),
          new CallFilter(null, null, null, null, null, null, 4, 100L, 300L, null, null, WorkspaceRef.DEFAULT),
          new CallFilter(null, null, null, null, null, 503, null, null, null, null, null, WorkspaceRef.DEFAULT),
          CallFilter.ALL.forConsumer("cons-0"),
          new CallFilter(null, null, null, null, null, null, null, null, null, calls.get(42).requestId(), null, WorkspaceRef.DEFAULT),
          new CallFilter(0L, 1L, null, null, null, null, null, null, null, null, null, WorkspaceRef.DEFAULT));
      int compared = 0;
      for (CallFilter f : filters) {
        // every page, following the offsets, in pages of 25
        String offset = null;
        do {
          CallQueries.Page dp = d.calls(f, 25, offset);
          CallQueries.Page pp = p.calls(f, 25, offset);
          assertThat(pp.data()).as("page of %s at %s", f, offset).isEqualTo(dp.data());
          assertThat(pp.nextOffset()).isEqualTo(dp.nextOffset());
          offset = dp.nextOffset();
          compared += dp.data().size();
        } while (offset != null);
        for (Bucket b : bucketsAndNone()) {
          for (GroupBy g : groupsAndNone()) {
            for (Integer top : g == null ? new Integer[] {null} : new Integer[] {null, 2}) {
              ArrayNode da = d.aggregates(f, b, g, top);
              ArrayNode pa = p.aggregates(f, b, g, top);
              assertSameAggregates(pa, da, f + " " + b + " " + g + " " + top);
            }
          }
        }
      }
      assertThat(compared).as("calls compared").isGreaterThan(calls.size());
      for (CallRecord c : calls.subList(0, 60)) {
        assertThat(p.call(WorkspaceRef.DEFAULT, c.requestId())).isEqualTo(d.call(WorkspaceRef.DEFAULT, c.requestId())).isPresent();
      }
      assertThat(p.call(WorkspaceRef.DEFAULT, "no-such-call")).isEmpty();
      // the escaped characters survive COPY
      assertThat(p.call(WorkspaceRef.DEFAULT, calls.get(50).requestId()).orElseThrow().at("/request/uri").asText()).isEqualTo("/p/50\\x\ny\u00e9\u20ac");
    }
  }

  /** Equal, except that the percentiles may differ in their last bits (the engines' floating point). */
  private static void assertSameAggregates(ArrayNode actual, ArrayNode expected, String what) {
    assertThat(actual.size()).as(what).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode a = actual.get(i).deepCopy();
      JsonNode e = expected.get(i).deepCopy();
      for (String q : List.of("p50", "p95", "p99")) {
        assertThat(a.at("/latency/" + q).asDouble()).as(what + " " + q)
            .isCloseTo(e.at("/latency/" + q).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
      }
      ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("latency");
      ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("latency");
      assertThat(a).as(what + " row " + i).isEqualTo(e);
    }
  }

  private static List<@Nullable Bucket> bucketsAndNone() {
    List<@Nullable Bucket> out = new ArrayList<>(List.of(Bucket.values()));
    out.add(null);
    return out;
  }

  private static List<@Nullable GroupBy> groupsAndNone() {
    List<@Nullable GroupBy> out = new ArrayList<>(List.of(GroupBy.values()));
    out.add(null);
    return out;
  }

  @Test
  void aNulInATextColumnIsStoredAsAReplacementCharacterNotLosingTheBatch() throws Exception {
    try (PostgresCallLog post = open(freshDatabase(), 64, 0)) {
      post.record(call("nul", System.currentTimeMillis(), "/a\u0000b"));
      post.record(call("plain", System.currentTimeMillis(), "/plain"));
      assertThat(post.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(post.written()).isEqualTo(2);
      CallQueries q = new CallQueries(post);
      assertThat(q.call(WorkspaceRef.DEFAULT, "nul").orElseThrow().at("/request/uri").asText()).isEqualTo("/a\uFFFDb");
    }
  }

  @Test
  void retentionDeletesOldCallsInChunks() throws Exception {
    long now = System.currentTimeMillis();
    try (PostgresCallLog post = open(freshDatabase(), 1 << 16, 2)) {
      int old = PostgresCallLog.DELETE_CHUNK * 2 + 17; // three statements
      for (int i = 0; i < old; i++) post.record(call("old-" + i, now - 3 * DAY - i, "/old"));
      for (int i = 0; i < 50; i++) post.record(call("new-" + i, now - DAY, "/new"));
      assertThat(post.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(count(post)).isEqualTo(old + 50);
      post.applyRetention(now);
      assertThat(count(post)).isEqualTo(50);
    }
  }

  @Test
  void anOutageHoldsABatchAndTheRingDropsAndCountsTheRestAndWritingResumes() throws Exception {
    PostgresSettings settings = freshDatabase();
    try (PostgresCallLog post = open(settings, 16, 0)) {
      assertThat(post.outageCapacity()).isEqualTo(32);
      post.record(call("before", System.currentTimeMillis(), "/before"));
      assertThat(post.flush(Duration.ofSeconds(10))).isTrue();
      pg.stop();
      int n = 200;
      try {
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          post.record(call("down-" + i, System.currentTimeMillis(), "/down"));
          assertThat(System.nanoTime() - t0).as("recording never waits").isLessThan(50_000_000L);
        }
        // beyond one batch and the ring, calls are dropped and counted while PostgreSQL is away
        await().atMost(Duration.ofSeconds(10)).until(() -> post.dropped() >= n - post.outageCapacity());
        assertThat(post.written()).isEqualTo(1);
        assertThat(post.stats().path("queued").asLong()).isBetween(1L, (long) post.outageCapacity());
      } finally {
        pg.start();
      }
      assertThat(post.flush(Duration.ofSeconds(20))).as("the held calls are written once it is back").isTrue();
      assertThat(post.written() + post.dropped()).isEqualTo(1 + n);
      assertThat(post.written()).isGreaterThan(1);
      CallQueries q = new CallQueries(post);
      assertThat(q.call(WorkspaceRef.DEFAULT, "down-" + (n - 1))).as("drop-oldest keeps the newest").isPresent();
      post.record(call("after", System.currentTimeMillis(), "/after"));
      assertThat(post.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(q.call(WorkspaceRef.DEFAULT, "after")).isPresent();
      assertThat(count(post)).isEqualTo(post.written());
    }
  }

  private static CallRecord call(String id, long startedAt, String path) {
    return new CallRecord(startedAt, id, CallRecord.DEFAULT_WORKSPACE, null, null, null, null, null, null, "GET", path, 200, 1, 0, 1, 0, 0,
        "127.0.0.1", null);
  }

  private static long count(PostgresCallLog log) throws Exception {
    try (Connection c = log.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics_calls")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
