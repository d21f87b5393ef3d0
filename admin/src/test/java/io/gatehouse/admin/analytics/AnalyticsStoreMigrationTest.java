package io.gatehouse.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.http.WorkspaceRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written with the earlier one-table layout ({@code calls}, 23 columns) opens in the keyed
 * layout with every call, column and payload intact, and takes new calls next to them.
 */
class AnalyticsStoreMigrationTest {
  @TempDir Path dir;

  private static final String OLD_TABLE = """
      CREATE TABLE calls (started_at BIGINT NOT NULL, request_id VARCHAR NOT NULL, workspace VARCHAR NOT NULL,
        service_id VARCHAR, service_name VARCHAR, route_id VARCHAR, route_name VARCHAR, consumer_id VARCHAR,
        consumer_name VARCHAR, method VARCHAR NOT NULL, path VARCHAR NOT NULL, status SMALLINT NOT NULL,
        latency_request INTEGER NOT NULL, latency_proxy INTEGER NOT NULL, latency_kong INTEGER NOT NULL,
        request_bytes BIGINT NOT NULL, response_bytes BIGINT NOT NULL, client_ip VARCHAR, upstream VARCHAR,
        request_headers VARCHAR, request_body VARCHAR, response_headers VARCHAR, response_body VARCHAR)""";

  @Test
  void an_old_one_table_file_is_migrated_on_open() throws Exception {
    Path file = dir.resolve("analytics.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
      s.execute(OLD_TABLE);
      s.execute("INSERT INTO calls VALUES (1000, 'old-1', 'default', 'svc', 'billing', 'rt', 'invoices', NULL, NULL, "
          + "'POST', '/invoices?a=1\nb', 201, 12, 10, 2, 30, 40, '10.0.0.1', '127.0.0.1:9000', "
          + "'{\"accept\":\"*/*\"}', '{\"n\":1}', NULL, 'ok')");
      s.execute("INSERT INTO calls VALUES (2000, 'old-2', 'default', 'svc', 'billing', 'rt', 'invoices', 'c1', 'ada', "
          + "'GET', '/invoices', 503, 7, 5, 2, 0, 9, NULL, NULL, NULL, NULL, NULL, NULL)");
    }
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(file, 64, 0, 0, Duration.ofDays(1)))) {
      store.record(new CallRecord(3000, "new-1", CallRecord.DEFAULT_WORKSPACE, "svc", "billing", "rt", "invoices",
          null, null, "GET", "/new", 200, 3, 2, 1, 5, 6, "::1", "127.0.0.1:9000"));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
      CallQueries q = new CallQueries(store);

      JsonNode old = q.call(WorkspaceRef.DEFAULT, "old-1").orElseThrow();
      assertThat(old.get("workspace").asText()).isEqualTo(CallRecord.DEFAULT_WORKSPACE);
      assertThat(old.at("/request/uri").asText()).isEqualTo("/invoices?a=1\nb");
      assertThat(old.at("/request/method").asText()).isEqualTo("POST");
      assertThat(old.at("/request/headers").asText()).isEqualTo("{\"accept\":\"*/*\"}");
      assertThat(old.at("/request/body").asText()).isEqualTo("{\"n\":1}");
      assertThat(old.at("/response/headers").isNull()).isTrue();
      assertThat(old.at("/response/body").asText()).isEqualTo("ok");
      assertThat(old.at("/response/status").asInt()).isEqualTo(201);
      assertThat(old.at("/latencies/proxy").asInt()).isEqualTo(10);
      assertThat(old.get("client_ip").asText()).isEqualTo("10.0.0.1");
      assertThat(old.get("upstream").asText()).isEqualTo("127.0.0.1:9000");
      assertThat(old.at("/service/name").asText()).isEqualTo("billing");

      JsonNode second = q.call(WorkspaceRef.DEFAULT, "old-2").orElseThrow();
      assertThat(second.get("client_ip").isNull()).isTrue();
      assertThat(second.at("/consumer/username").asText()).isEqualTo("ada");
      assertThat(second.at("/request/body").isNull()).isTrue();

      var page = q.calls(CallFilter.ALL, 10, null).data();
      assertThat(page).extracting(n -> n.at("/request/id").asText()).containsExactly("new-1", "old-2", "old-1");
      var byStatus = q.aggregates(CallFilter.ALL, null, GroupBy.STATUS, null);
      assertThat(byStatus).extracting(n -> n.get("status").asInt()).containsExactlyInAnyOrder(200, 201, 503);
    }
    // reopening finds the keyed layout and keeps the calls
    try (AnalyticsStore store = AnalyticsStore.open(new AnalyticsStore.Options(file, 64, 0, 0, Duration.ofDays(1)))) {
      store.record(new CallRecord(4000, "new-2", CallRecord.DEFAULT_WORKSPACE, "svc", "billing", "rt", "invoices",
          null, null, "GET", "/new", 200, 3, 2, 1, 5, 6, "::1", "127.0.0.1:9000"));
      assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(new CallQueries(store).calls(CallFilter.ALL, 10, null).data()).hasSize(4);
      try (Connection c = store.connection(); Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT count(*) FROM call_contexts")) {
        rs.next();
        assertThat(rs.getInt(1)).as("one context per distinct tuple, reused across opens").isEqualTo(3);
      }
    }
  }
}
