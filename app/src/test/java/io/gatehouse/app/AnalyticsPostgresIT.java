package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.admin.analytics.PostgresCallLog;
import io.gatehouse.admin.testing.AdminClient.Resp;
import io.gatehouse.testsupport.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, cluster mode: with {@code analytics_store = postgres} two nodes on one PostgreSQL write
 * their calls to one table, and either node's query API answers for both (list, detail, aggregates
 * with counts and percentiles). While PostgreSQL is down, proxying goes on; calls beyond what a node
 * holds are dropped and counted, and writing resumes when it is back.
 */
class AnalyticsPostgresIT {
  private static PostgresServer pg;

  @TempDir Path dirA;
  @TempDir Path dirB;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private static Map<String, String> conf(String database) {
    Map<String, String> conf = StoreKind.postgres(pg, database);
    conf.put("analytics", "on");
    conf.put("analytics_store", "postgres");
    return conf;
  }

  @Test
  void eitherNodeAnswersForTheCallsOfBoth() throws Exception {
    pg.createDatabase("cluster");
    try (WholeNode a = new WholeNode(dirA, conf("cluster")); WholeNode b = new WholeNode(dirB, conf("cluster"))) {
      assertThat(a.node.component(PostgresCallLog.class)).isPresent();
      assertThat(a.node.component(AnalyticsStore.class)).as("no local DuckDB store").isEmpty();
      a.serviceAndRoute("shared", "/shared");
      b.awaitStatus(200, "/shared/warm");
      a.awaitStatus(200, "/shared/warm");
      List<String> viaA = new ArrayList<>();
      List<String> viaB = new ArrayList<>();
      for (int i = 1; i <= 6; i++) viaA.add(id(a.get("/shared/delay/" + (i * 7)), 200));
      for (int i = 1; i <= 4; i++) viaB.add(id(b.get("/shared/delay/" + (i * 11)), 200));
      for (int i = 0; i < 3; i++) viaB.add(id(b.get("/shared/status/503"), 503));
      Set<String> all = new TreeSet<>(viaA);
      all.addAll(viaB);

      // each node wrote its own calls; either one lists them all (and the warm-up calls)
      await().atMost(Duration.ofSeconds(5)).until(() -> listed(a).containsAll(all) && listed(b).containsAll(all));
      assertThat(written(a)).isGreaterThanOrEqualTo(viaA.size());
      assertThat(written(b)).isGreaterThanOrEqualTo(viaB.size());
      Resp listA = a.admin.get("/analytics/calls?service=shared&size=1000");
      Resp listB = b.admin.get("/analytics/calls?service=shared&size=1000");
      assertThat(listA.json()).as("both nodes give the same answer").isEqualTo(listB.json());

      // detail: a call proxied by b, read on a, and the other way round
      JsonNode fromB = a.admin.get("/analytics/calls/" + viaB.getLast()).json();
      assertThat(fromB.at("/response/status").asInt()).isEqualTo(503);
      assertThat(fromB.at("/route/name").asText()).isEqualTo("shared");
      assertThat(b.admin.get("/analytics/calls/" + viaA.getFirst()).json().at("/request/uri").asText())
          .isEqualTo("/shared/delay/7");

      // aggregates over the calls of both nodes: counts and percentiles of their latencies
      List<JsonNode> calls = new ArrayList<>();
      listA.json().path("data").forEach(c -> {
        if (all.contains(c.at("/request/id").asText())) calls.add(c);
      });
      assertThat(calls).hasSize(all.size());
      long from = calls.stream().mapToLong(c -> c.path("started_at").asLong()).min().orElseThrow();
      long to = calls.stream().mapToLong(c -> c.path("started_at").asLong()).max().orElseThrow() + 1;
      for (WholeNode n : List.of(a, b)) {
        JsonNode rows = n.admin.get("/analytics/aggregates?group_by=status&from=" + from + "&to=" + to).json().path("data");
        assertThat(rows).as(rows.toString()).hasSize(2);
        assertThat(rows.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(rows.get(0).path("requests").asLong()).isEqualTo(10);
        assertThat(rows.get(1).path("status").asInt()).isEqualTo(503);
        assertThat(rows.get(1).path("requests").asLong()).isEqualTo(3);
        assertThat(rows.get(1).path("server_errors").asLong()).isEqualTo(3);
        JsonNode whole = n.admin.get("/analytics/aggregates?bucket=hour&route=shared&from=" + from + "&to=" + to).json()
            .path("data");
        long requests = 0;
        for (JsonNode r : whole) requests += r.path("requests").asLong();
        assertThat(requests).isEqualTo(13);
        JsonNode total = n.admin.get("/analytics/aggregates?route=shared&from=" + from + "&to=" + to).json().at("/data/0");
        List<Long> latencies = calls.stream().map(c -> c.at("/latencies/request").asLong()).sorted().toList();
        for (String q : List.of("p50", "p95", "p99")) {
          double expected = quantile(latencies, q.equals("p50") ? 0.5 : q.equals("p95") ? 0.95 : 0.99);
          assertThat(total.at("/latency/" + q).asDouble()).as(q).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(total.at("/latency/p99").asDouble()).as("b's 44 ms call counts").isGreaterThanOrEqualTo(40);
      }
      assertThat(Files.exists(dirA.resolve("analytics.duckdb"))).isFalse();
    }
  }

  @Test
  void anOutageDropsAndCountsCallsWithoutFailingRequestsAndWritingResumes() throws Exception {
    pg.createDatabase("outage");
    Map<String, String> conf = conf("outage");
    conf.put("analytics_queue_size", "16"); // holds 16 + one batch of 16 during the outage
    conf.put("pg_timeout", "1000");
    try (WholeNode a = new WholeNode(dirA, conf)) {
      PostgresCallLog log = a.node.component(PostgresCallLog.class).orElseThrow();
      assertThat(log.outageCapacity()).isEqualTo(32);
      a.serviceAndRoute("down", "/down");
      String warm = id(a.awaitStatus(200, "/down/warm"), 200);
      // the call is recorded after its answer went out: wait until it is stored, so it is not counted below
      await().atMost(Duration.ofSeconds(10)).until(() -> a.admin.get("/analytics/calls/" + warm).status() == 200);
      assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
      long writtenBefore = log.written();
      pg.stop();
      int n = 100;
      String last = null;
      try {
        for (int i = 0; i < n; i++) last = id(a.get("/down/x" + i), 200); // every request is served
        await().atMost(Duration.ofSeconds(10)).until(() -> log.dropped() >= n - log.outageCapacity());
        JsonNode stats = a.admin.get("/status").json().path("analytics");
        assertThat(stats.path("dropped").asLong()).isGreaterThanOrEqualTo(n - 32);
        assertThat(stats.path("written").asLong()).isEqualTo(writtenBefore);
        assertThat(a.admin.get("/metrics").text())
            .contains("kong_analytics_dropped_total{node_id=\"" + a.node.id() + "\"} ");
      } finally {
        pg.start();
      }
      assertThat(log.flush(Duration.ofSeconds(20))).as("what was held is written once it is back").isTrue();
      assertThat(log.written() - writtenBefore + log.dropped()).isEqualTo(n);
      assertThat(log.written()).isGreaterThan(writtenBefore);
      String newest = last;
      await().atMost(Duration.ofSeconds(10)).until(() -> a.admin.get("/analytics/calls/" + newest).status() == 200);
      String after = id(a.get("/down/after"), 200);
      await().atMost(Duration.ofSeconds(5)).until(() -> a.admin.get("/analytics/calls/" + after).status() == 200);
      assertThat(a.admin.get("/metrics").text())
          .contains("kong_analytics_dropped_total{node_id=\"" + a.node.id() + "\"} " + log.dropped());
    }
  }

  @Test
  void capturedPayloadsGoThroughCopyIntact() throws Exception {
    pg.createDatabase("payloads");
    Map<String, String> conf = conf("payloads");
    conf.put("plugins", "bundled,call-log");
    try (WholeNode a = new WholeNode(dirA, conf)) {
      a.serviceAndRoute("cap", "/cap");
      a.create("/routes/cap/plugins", "{\"name\":\"call-log\",\"config\":{\"redact_json_paths\":[\"$.password\"]}}");
      // the route answers before the plugin is in force: wait until a call's body is captured
      await().atMost(Duration.ofSeconds(15)).until(() -> {
        String warm = id(a.send("POST", "/cap/warm", java.net.http.HttpRequest.BodyPublishers.ofString("{}"),
            "Content-Type", "application/json"), 200);
        JsonNode seen = await().atMost(Duration.ofSeconds(5))
            .until(() -> a.admin.get("/analytics/calls/" + warm), c -> c.status() == 200).json();
        return seen.at("/request/body").isTextual();
      });
      // a body of several lines with a tab and backslashes: COPY's escapes must round-trip
      String body = "{\"password\":\"s3cret\",\"note\":\"line one\\nline\\ttwo \\\\ end\"}\n";
      HttpResponse<String> r = a.send("POST", "/cap/x", java.net.http.HttpRequest.BodyPublishers.ofString(body),
          "Content-Type", "application/json", "Authorization", "Bearer hidden", "X-Multi", "a\tb");
      String id = id(r, 200);
      JsonNode call = await().atMost(Duration.ofSeconds(5))
          .until(() -> a.admin.get("/analytics/calls/" + id), c -> c.status() == 200).json();
      JsonNode stored = io.gatehouse.core.json.Json.MAPPER.readTree(call.at("/request/body").asText());
      assertThat(stored.path("password").asText()).isEqualTo("[REDACTED]");
      assertThat(stored.path("note").asText()).isEqualTo("line one\nline\ttwo \\ end");
      JsonNode headers = io.gatehouse.core.json.Json.MAPPER.readTree(call.at("/request/headers").asText());
      assertThat(headers.path("authorization").asText()).isEqualTo("[REDACTED]");
      assertThat(headers.path("x-multi").asText()).isEqualTo("a\tb");
      assertThat(call.at("/response/body").asText()).as("the echo's answer, as sent").contains("line one");
      assertThat(call.at("/request/body").asText()).doesNotContain("s3cret");
    }
  }

  private static String id(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
  }

  private static Set<String> listed(WholeNode n) {
    Set<String> ids = new TreeSet<>();
    n.admin.get("/analytics/calls?size=1000").json().path("data").forEach(c -> ids.add(c.at("/request/id").asText()));
    return ids;
  }

  private static long written(WholeNode n) {
    return n.admin.get("/status").json().at("/analytics/written").asLong();
  }

  /** Linear interpolation between the ranks around (n - 1) q (percentile_cont, quantile_cont). */
  private static double quantile(List<Long> sorted, double q) {
    double pos = (sorted.size() - 1) * q;
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
  }
}
