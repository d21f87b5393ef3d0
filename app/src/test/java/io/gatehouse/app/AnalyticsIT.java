package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.analytics.AnalyticsStore;
import io.gatehouse.admin.testing.AdminClient.Resp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: every proxied call lands in the embedded call log, and the query API reads it back. */
class AnalyticsIT {
  @TempDir Path prefix;

  @Test
  void callsAppearWithTheirFieldsWithinASecond() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "on"))) {
      String routeId = gw.serviceAndRoute("calls-svc", "/calls");
      HttpResponse<String> ok = gw.await(s -> s == 200, "/calls/hello?x=1");
      String id = ok.headers().firstValue("X-Kong-Request-Id").orElseThrow();
      HttpResponse<String> missing = gw.get("/no-such-route-here");
      assertThat(missing.statusCode()).isEqualTo(404);
      String missingId = missing.headers().firstValue("X-Kong-Request-Id").orElseThrow();

      JsonNode call = await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> gw.admin.get("/analytics/calls/" + id), r -> r.status() == 200).json();
      assertThat(call.path("request").path("id").asText()).isEqualTo(id);
      assertThat(call.path("request").path("method").asText()).isEqualTo("GET");
      assertThat(call.path("request").path("uri").asText()).isEqualTo("/calls/hello");
      assertThat(call.path("response").path("status").asInt()).isEqualTo(200);
      assertThat(call.path("response").path("size").asLong()).isEqualTo(ok.body().length());
      assertThat(call.path("route").path("id").asText()).isEqualTo(routeId);
      assertThat(call.path("route").path("name").asText()).isEqualTo("calls-svc");
      assertThat(call.path("service").path("name").asText()).isEqualTo("calls-svc");
      assertThat(call.path("consumer").isNull()).isTrue();
      assertThat(call.path("workspace_name").asText()).isEqualTo("default");
      assertThat(call.path("client_ip").asText()).isEqualTo("127.0.0.1");
      assertThat(call.path("upstream").asText()).endsWith(":" + gw.upstream.port());
      assertThat(call.path("latencies").path("proxy").asLong()).isGreaterThanOrEqualTo(0);
      assertThat(call.path("started_at").asLong()).isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());

      await().atMost(Duration.ofSeconds(1)).until(() -> gw.admin.get("/analytics/calls/" + missingId).status() == 200);
      Resp byStatus = gw.admin.get("/analytics/calls?status=4xx");
      assertThat(byStatus.json().path("data")).hasSize(1);
      assertThat(byStatus.json().path("data").get(0).path("route").isNull()).isTrue();
      assertThat(gw.admin.get("/analytics/calls?route=calls-svc").json().path("data")).hasSize(1);
      assertThat(gw.admin.get("/analytics/calls?request_id=" + id).json().path("data").get(0).path("request").path("id").asText())
          .isEqualTo(id);
      assertThat(gw.admin.get("/analytics/calls/not-a-call").status()).isEqualTo(404);

      JsonNode status = gw.admin.get("/status").json().path("analytics");
      assertThat(status.path("written").asLong()).isGreaterThanOrEqualTo(2);
      assertThat(status.path("dropped").asLong()).isZero();
    }
  }

  @Test
  void pagesFollowNextAndAggregatesMatchTheCalls() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "on"))) {
      gw.serviceAndRoute("agg-a", "/agg-a");
      gw.serviceAndRoute("agg-b", "/agg-b");
      gw.await(s -> s == 200, "/agg-a/warm");
      for (int i = 1; i <= 10; i++) assertThat(gw.get("/agg-a/delay/" + (i * 5)).statusCode()).isEqualTo(200);
      for (int i = 0; i < 3; i++) assertThat(gw.get("/agg-b/status/503").statusCode()).isEqualTo(503);
      int total = 1 + 10 + 3;
      await().atMost(Duration.ofSeconds(2)).until(() -> gw.admin.get("/status").json().path("analytics").path("written").asLong() >= total);

      // paging: 4 at a time, following next to the end, sees every call once, newest first
      List<JsonNode> seen = new ArrayList<>();
      String next = "/analytics/calls?size=4&service=agg-a";
      while (next != null) {
        Resp page = gw.admin.get(next);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        page.json().path("data").forEach(seen::add);
        next = page.json().path("next").isNull() ? null : page.json().path("next").asText();
      }
      assertThat(seen).hasSize(11);
      assertThat(seen.stream().map(c -> c.path("request").path("id").asText()).distinct()).hasSize(11);
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).path("started_at").asLong()).isLessThanOrEqualTo(seen.get(i - 1).path("started_at").asLong());
      }

      Resp agg = gw.admin.get("/analytics/aggregates?group_by=route&bucket=hour");
      assertThat(agg.status()).as(agg.text()).isEqualTo(200);
      JsonNode a = find(agg.json().path("data"), "agg-a");
      JsonNode b = find(agg.json().path("data"), "agg-b");
      assertThat(a.path("requests").asLong()).isEqualTo(11);
      assertThat(a.path("errors").asLong()).isZero();
      assertThat(b.path("requests").asLong()).isEqualTo(3);
      assertThat(b.path("errors").asLong()).isEqualTo(3);
      assertThat(b.path("server_errors").asLong()).isEqualTo(3);
      assertThat(a.path("bucket_start").asLong() % 3_600_000L).isZero();
      // percentiles: linear interpolation over the latencies the calls themselves recorded
      List<Long> latencies = seen.stream().map(c -> c.path("latencies").path("request").asLong()).sorted().toList();
      assertThat(a.path("latency").path("p50").asDouble()).isCloseTo(quantile(latencies, 0.5), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(a.path("latency").path("p99").asDouble()).isCloseTo(quantile(latencies, 0.99), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(a.path("latency").path("p99").asDouble()).isGreaterThanOrEqualTo(50);
      long bytes = seen.stream().mapToLong(c -> c.path("response").path("size").asLong()).sum();
      assertThat(a.path("bandwidth").path("response_bytes").asLong()).isEqualTo(bytes);

      JsonNode top = gw.admin.get("/analytics/aggregates?group_by=route&top=1").json().path("data");
      assertThat(top).hasSize(1);
      assertThat(top.get(0).path("route").path("name").asText()).isEqualTo("agg-a");
      JsonNode byStatus = gw.admin.get("/analytics/aggregates?group_by=status").json().path("data");
      assertThat(byStatus.findValues("status").stream().map(JsonNode::asInt).toList()).containsExactly(200, 503);

      Resp bad = gw.admin.get("/analytics/aggregates?bucket=fortnight");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().path("name").asText()).isEqualTo("invalid options");
      assertThat(bad.message()).startsWith("invalid option (bucket: ");
      assertThat(gw.admin.get("/analytics/calls?offset=%21%21").status()).isEqualTo(400);
      assertThat(gw.admin.get("/analytics/calls?size=0").status()).isEqualTo(400);
    }
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsThem() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "on", "analytics_queue_size", "1"))) {
      AnalyticsStore store = gw.node.component(AnalyticsStore.class).orElseThrow();
      gw.serviceAndRoute("burst", "/burst");
      int n = 20_000;
      for (int i = 0; i < n; i++) {
        store.record(new io.gatehouse.admin.analytics.CallRecord(System.currentTimeMillis(), "burst-" + i, io.gatehouse.admin.analytics.CallRecord.DEFAULT_WORKSPACE,
            null, null, null, null, null, null, "GET", "/burst", 200, 1, 0, 1, 0, 0, "127.0.0.1", null));
      }
      assertThat(store.flush(Duration.ofSeconds(5))).isTrue();
      JsonNode stats = gw.admin.get("/status").json().path("analytics");
      assertThat(stats.path("dropped").asLong()).isPositive();
      assertThat(stats.path("written").asLong() + stats.path("dropped").asLong()).isEqualTo(n);
      assertThat(gw.admin.get("/metrics").text())
          .contains("kong_analytics_dropped_total{node_id=\"" + gw.node.id() + "\"} " + stats.path("dropped").asLong());
      // the newest survives: dropping takes the oldest
      assertThat(gw.admin.get("/analytics/calls/burst-" + (n - 1)).status()).isEqualTo(200);
    }
  }

  /** The "goes to an embedded analytics store by default": no setting needed. */
  @Test
  void onByDefault() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of())) {
      assertThat(gw.node.component(AnalyticsStore.class)).isPresent();
      assertThat(gw.admin.get("/analytics/calls").status()).isEqualTo(200);
      assertThat(gw.admin.get("/status").json().path("analytics").has("written")).isTrue();
      assertThat(prefix.resolve("analytics.duckdb")).exists();
    }
  }

  @Test
  void offLeavesNoStoreAndNoEndpoints() throws Exception {
    try (WholeNode gw = new WholeNode(prefix, Map.of("analytics", "off"))) {
      assertThat(gw.node.component(AnalyticsStore.class)).isEmpty();
      assertThat(gw.admin.get("/analytics/calls").status()).isEqualTo(404);
      assertThat(gw.admin.get("/status").json().has("analytics")).isFalse();
    }
  }

  private static JsonNode find(JsonNode rows, String routeName) {
    for (JsonNode r : rows) if (r.path("route").path("name").asText().equals(routeName)) return r;
    throw new AssertionError("no row for " + routeName + " in " + rows);
  }

  /** DuckDB's quantile_cont: linear interpolation between the ranks around (n - 1) q. */
  private static double quantile(List<Long> sorted, double q) {
    double pos = (sorted.size() - 1) * q;
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
  }
}
