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
 * The number-only call rows ({@code call_facts}): request ids come back exactly from their two
 * numbers (or as text when they are not 32 hex digits), client addresses and paths through the
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
          var rs = s.executeQuery("SELECT count(*) FILTER (WHERE id_text IS NOT NULL) FROM call_facts")) {
        rs.next();
        assertThat(rs.getInt(1)).as("only ids that are not 32 lower-case hex digits are text").isEqualTo(3);
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
