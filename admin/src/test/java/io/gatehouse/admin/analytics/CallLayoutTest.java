package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.http.WorkspaceRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The number-only call rows ({@code call_numbers}): request ids come back exactly from their two
 * numbers (or as text from {@code call_details} when they are not 32 hex digits), packed latencies and
 * sizes exactly (out-of-range ones from {@code call_details}), client addresses and paths through the
 * {@code call_strings} dictionary, one row per distinct string; rows of the previous layout are read
 * next to them; retention removes both kinds, and the strings no call uses go with them without
 * breaking the calls written after.
 */
class CallLayoutTest {
  @TempDir Path dir;

  private static CallRecord call(long startedAt, String id, String path, String ip) {
    return new CallRecord(startedAt, id, CallRecord.DEFAULT_WORKSPACE, "svc", "billing", "rt", "invoices", null, null,
        "GET", path, 200, 3, 2, 1, 5, 6, ip, "127.0.0.1:9000");
  }

  private static List<String> strings(AnalyticsStore store) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = store.connection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT value FROM call_strings ORDER BY id")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  @Test
  void ids_addresses_and_paths_come_back_exactly_and_repeated_strings_are_stored_once() throws Exception {
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("a.duckdb"), 1024, 0, 0,
        Duration.ofDays(1)))) {
      List<String> ids = List.of("00000000000000000000000000000abc", "ffffffffffffffff8000000000000001",
          "0123456789abcdef0123456789abcdef", "ABCDEF0123456789ABCDEF0123456789", "short-id", "x".repeat(40));
      for (int i = 0; i < ids.size(); i++) store.record(call(1000 + i, ids.get(i), "/same?q=1", "10.0.0.1"));
      store.record(call(2000, "11111111111111111111111111111111", "/other", "::1"));
      store.record(new CallRecord(2001, "22222222222222222222222222222222", CallRecord.DEFAULT_WORKSPACE, null, null,
          null, null, null, null, "GET", "/no-client", 404, 1, 0, 1, 0, 0, null, null));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
      CallQueries q = new CallQueries(store);
      for (String id : ids) {
        JsonNode c = q.call(WorkspaceRef.DEFAULT, id).orElseThrow(() -> new AssertionError("not found: " + id));
        assertThat(c.at("/request/id").asText()).isEqualTo(id);
        assertThat(c.at("/request/uri").asText()).isEqualTo("/same?q=1");
        assertThat(c.get("client_ip").asText()).isEqualTo("10.0.0.1");
      }
      assertThat(q.call(WorkspaceRef.DEFAULT, "00000000000000000000000000000ABC")).as("ids match exactly").isEmpty();
      assertThat(q.call(WorkspaceRef.DEFAULT, "11111111111111111111111111111111").orElseThrow().get("client_ip").asText())
          .isEqualTo("::1");
      JsonNode noClient = q.call(WorkspaceRef.DEFAULT, "22222222222222222222222222222222").orElseThrow();
      assertThat(noClient.get("client_ip").isNull()).isTrue();
      assertThat(noClient.at("/request/uri").asText()).isEqualTo("/no-client");
      assertThat(strings(store)).containsExactlyInAnyOrder("/same?q=1", "10.0.0.1", "/other", "::1", "/no-client");
      try (Connection c = store.connection(); Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FILTER (WHERE id_text IS NOT NULL), count(*) FROM call_details")) {
        rs.next();
        assertThat(rs.getInt(1)).as("only ids that are not 32 lower-case hex digits are text").isEqualTo(3);
        assertThat(rs.getInt(2)).as("calls that fit their numbers have no detail row").isEqualTo(3);
      }
    }
  }

  @Test
  void numbers_outside_their_packed_range_come_back_exactly() throws Exception {
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(dir.resolve("c.duckdb"), 1024, 0, 0,
        Duration.ofDays(1)))) {
      long gib = 1L << 30;
      store.record(new CallRecord(1000, "0000000000000000000000000000000a", CallRecord.DEFAULT_WORKSPACE, "svc", "billing",
          "rt", "invoices", null, null, "PUT", "/big", 200, 2_000_000, 1_999_000, 1_000, 3 * gib, 5 * gib, null, null));
      store.record(new CallRecord(1001, "0000000000000000000000000000000b", CallRecord.DEFAULT_WORKSPACE, "svc", "billing",
          "rt", "invoices", null, null, "GET", "/edge", 502, 1_048_574, -1, -2, Integer.MAX_VALUE, 0xFFFF_FFFFL, null, null));
      store.record(call(1002, "0000000000000000000000000000000c", "/small", "10.0.0.1"));
      store.record(new CallRecord(1003, "0000000000000000000000000000000d", CallRecord.DEFAULT_WORKSPACE, null, null,
          null, null, null, null, "GET", "/nowhere", 404, 0, -1, 0, 0, 0, "10.0.0.1", null));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
      CallQueries q = new CallQueries(store);
      JsonNode big = q.call(WorkspaceRef.DEFAULT, "0000000000000000000000000000000a").orElseThrow();
      assertThat(big.at("/latencies/request").asLong()).isEqualTo(2_000_000);
      assertThat(big.at("/latencies/proxy").asLong()).isEqualTo(1_999_000);
      assertThat(big.at("/latencies/kong").asLong()).isEqualTo(1_000);
      assertThat(big.at("/request/size").asLong()).isEqualTo(3 * gib);
      assertThat(big.at("/response/size").asLong()).isEqualTo(5 * gib);
      JsonNode edge = q.call(WorkspaceRef.DEFAULT, "0000000000000000000000000000000b").orElseThrow();
      assertThat(edge.at("/latencies/request").asLong()).isEqualTo(1_048_574);
      assertThat(edge.at("/latencies/proxy").asLong()).as("Kong's -1, not proxied").isEqualTo(-1);
      assertThat(edge.at("/latencies/kong").asLong()).as("any other negative latency is kept as it was").isEqualTo(-2);
      assertThat(edge.at("/request/size").asLong()).isEqualTo(Integer.MAX_VALUE);
      assertThat(edge.at("/response/size").asLong()).isEqualTo(0xFFFF_FFFFL);
      JsonNode small = q.call(WorkspaceRef.DEFAULT, "0000000000000000000000000000000c").orElseThrow();
      assertThat(small.at("/latencies/request").asLong()).isEqualTo(3);
      assertThat(small.at("/latencies/proxy").asLong()).isEqualTo(2);
      assertThat(small.at("/latencies/kong").asLong()).isEqualTo(1);
      assertThat(small.at("/request/size").asLong()).isEqualTo(5);
      assertThat(small.at("/response/size").asLong()).isEqualTo(6);
      JsonNode unproxied = q.call(WorkspaceRef.DEFAULT, "0000000000000000000000000000000d").orElseThrow();
      assertThat(unproxied.at("/latencies/proxy").asLong()).isEqualTo(-1);
      assertThat(unproxied.at("/latencies/request").asLong()).isZero();
      try (Connection c = store.connection(); Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM call_details")) {
        rs.next();
        assertThat(rs.getInt(1)).as("only the two calls out of range have a detail row").isEqualTo(2);
      }
      JsonNode all = q.aggregates(CallFilter.ALL, null, null, null).get(0);
      assertThat(all.at("/bandwidth/request_bytes").asLong()).isEqualTo(3 * gib + Integer.MAX_VALUE + 5);
      assertThat(all.at("/bandwidth/response_bytes").asLong()).isEqualTo(5 * gib + 0xFFFF_FFFFL + 6);
      assertThat(all.get("requests").asInt()).isEqualTo(4);
    }
  }

  /** Files of the 13-value layout ({@code call_facts}) move into today's on open, text ids and payloads included. */
  @Test
  void a_call_facts_file_is_migrated_on_open() throws Exception {
    Path file = dir.resolve("d.duckdb");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE call_contexts (id INTEGER NOT NULL, workspace VARCHAR NOT NULL, service_id VARCHAR, "
          + "service_name VARCHAR, route_id VARCHAR, route_name VARCHAR, consumer_id VARCHAR, consumer_name VARCHAR, "
          + "method VARCHAR NOT NULL, upstream VARCHAR, status SMALLINT NOT NULL)");
      s.execute("CREATE TABLE call_strings (id INTEGER NOT NULL, value VARCHAR NOT NULL)");
      s.execute("CREATE TABLE call_facts (started_at BIGINT NOT NULL, context INTEGER NOT NULL, id_high BIGINT, "
          + "id_low BIGINT, id_text VARCHAR, client INTEGER, path INTEGER NOT NULL, latency_request INTEGER NOT NULL, "
          + "latency_proxy INTEGER NOT NULL, latency_kong INTEGER NOT NULL, request_bytes BIGINT NOT NULL, "
          + "response_bytes BIGINT NOT NULL, payload VARCHAR)");
      s.execute("INSERT INTO call_contexts VALUES (0, '" + CallRecord.DEFAULT_WORKSPACE
          + "', 'svc', 'billing', 'rt', 'invoices', NULL, NULL, 'GET', '127.0.0.1:9000', 200)");
      s.execute("INSERT INTO call_strings VALUES (0, '/facts'), (1, '10.1.1.1')");
      // a hex id that fits; a text id with a payload; a hex id with a latency out of the packed range
      s.execute("INSERT INTO call_facts VALUES (5000, 0, 81985529216486895, -1, NULL, 1, 0, 7, -1, 2, 10, 20, NULL)");
      s.execute("INSERT INTO call_facts VALUES (5001, 0, NULL, NULL, 'legacy-id', NULL, 0, 1, 1, 0, 0, 3, "
          + "'[\"{}\", null, null, \"pong\"]')");
      s.execute("INSERT INTO call_facts VALUES (5002, 0, 1, 2, NULL, 1, 0, 2000000, 1, 0, 0, 0, NULL)");
    }
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(file, 64, 0, 0, Duration.ofDays(1)))) {
      CallQueries q = new CallQueries(store);
      JsonNode hex = q.call(WorkspaceRef.DEFAULT, "0123456789abcdefffffffffffffffff").orElseThrow();
      assertThat(hex.at("/request/uri").asText()).isEqualTo("/facts");
      assertThat(hex.get("client_ip").asText()).isEqualTo("10.1.1.1");
      assertThat(hex.at("/latencies/request").asInt()).isEqualTo(7);
      assertThat(hex.at("/latencies/proxy").asInt()).isEqualTo(-1);
      assertThat(hex.at("/latencies/kong").asInt()).isEqualTo(2);
      assertThat(hex.at("/request/size").asInt()).isEqualTo(10);
      assertThat(hex.at("/response/size").asInt()).isEqualTo(20);
      JsonNode text = q.call(WorkspaceRef.DEFAULT, "legacy-id").orElseThrow();
      assertThat(text.get("client_ip").isNull()).isTrue();
      assertThat(text.at("/request/headers").asText()).isEqualTo("{}");
      assertThat(text.at("/response/body").asText()).isEqualTo("pong");
      assertThat(q.call(WorkspaceRef.DEFAULT, "00000000000000010000000000000002").orElseThrow()
          .at("/latencies/request").asInt()).isEqualTo(2_000_000);
      assertThat(q.calls(CallFilter.ALL, 10, null).data()).hasSize(3);
      try (Connection c = store.connection(); Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'call_facts'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the old table is gone").isZero();
      }
    }
  }

  @Test
  void retention_removes_both_layouts_and_the_strings_no_call_uses() throws Exception {
    Path file = dir.resolve("b.duckdb");
    long now = System.currentTimeMillis();
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(file, 1024, 1, 0, Duration.ofMillis(50)))) {
      try (Connection c = store.connection(); Statement s = c.createStatement()) {
        // a row as the previous version wrote it, old enough to go
        s.execute("INSERT INTO call_contexts VALUES (100, '" + CallRecord.DEFAULT_WORKSPACE
            + "', NULL, NULL, NULL, NULL, NULL, NULL, 'GET', NULL, 200)");
        s.execute("INSERT INTO call_rows VALUES (" + (now - 3 * 86_400_000L)
            + ", 100, 'packed-old' || chr(10) || '10.9.9.9' || chr(10) || '/packed', 1, 1, 0, 0, 0, NULL)");
        s.execute("INSERT INTO call_rows VALUES (" + now
            + ", 100, 'packed-new' || chr(10) || '' || chr(10) || '/packed-new', 1, 1, 0, 0, 0, NULL)");
      }
      CallQueries q = new CallQueries(store);
      assertThat(q.call(WorkspaceRef.DEFAULT, "packed-new").orElseThrow().at("/request/uri").asText()).isEqualTo("/packed-new");
      store.record(call(now - 2 * 86_400_000L, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "/gone", "10.0.0.9"));
      store.record(call(now, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "/kept", "10.0.0.1"));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();

      // the retention job (every 50 ms here) deletes the old calls of both layouts
      await().atMost(Duration.ofSeconds(10)).until(() -> q.calls(CallFilter.ALL, 10, null).data().size() == 2);
      assertThat(q.call(WorkspaceRef.DEFAULT, "packed-old")).isEmpty();
      assertThat(q.call(WorkspaceRef.DEFAULT, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isEmpty();
      // the writer sweeps the strings only the deleted calls used, between its batches
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        store.record(call(System.currentTimeMillis(), "cccccccccccccccccccccccccccccccc", "/tick", "10.0.0.1"));
        store.flush(Duration.ofSeconds(5));
        return !strings(store).contains("/gone");
      });
      assertThat(strings(store)).doesNotContain("10.0.0.9").contains("/kept", "10.0.0.1");

      // a string the writer knew before the sweep is stored again under a new key when it comes back
      store.record(call(System.currentTimeMillis(), "dddddddddddddddddddddddddddddddd", "/gone", "10.0.0.9"));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
      JsonNode back = q.call(WorkspaceRef.DEFAULT, "dddddddddddddddddddddddddddddddd").orElseThrow();
      assertThat(back.at("/request/uri").asText()).isEqualTo("/gone");
      assertThat(back.get("client_ip").asText()).isEqualTo("10.0.0.9");
      assertThat(q.call(WorkspaceRef.DEFAULT, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb").orElseThrow().at("/request/uri").asText())
          .isEqualTo("/kept");
    }
  }
}
