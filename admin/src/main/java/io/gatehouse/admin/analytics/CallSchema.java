package io.gatehouse.admin.analytics;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.jspecify.annotations.Nullable;

/**
 * The {@code calls} table: one row per call, the serialized log entry's columns. The payload
 * columns stay null until per-route payload capture (with size limits and redaction) exists.
 */
final class CallSchema {
  static final String TABLE = "calls";

  static final String CREATE_TABLE = """
      CREATE TABLE IF NOT EXISTS calls (
        started_at BIGINT NOT NULL,
        request_id VARCHAR NOT NULL,
        workspace VARCHAR NOT NULL,
        service_id VARCHAR,
        service_name VARCHAR,
        route_id VARCHAR,
        route_name VARCHAR,
        consumer_id VARCHAR,
        consumer_name VARCHAR,
        method VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        status SMALLINT NOT NULL,
        latency_request INTEGER NOT NULL,
        latency_proxy INTEGER NOT NULL,
        latency_kong INTEGER NOT NULL,
        request_bytes BIGINT NOT NULL,
        response_bytes BIGINT NOT NULL,
        client_ip VARCHAR,
        upstream VARCHAR,
        request_headers VARCHAR,
        request_body VARCHAR,
        response_headers VARCHAR,
        response_body VARCHAR
      )""";

  private CallSchema() {}

  static void appendRow(DuckDBAppender a, CallRecord r) throws SQLException {
    a.beginRow();
    a.append(r.startedAt());
    a.append(r.requestId());
    a.append(r.workspace());
    text(a, r.serviceId());
    text(a, r.serviceName());
    text(a, r.routeId());
    text(a, r.routeName());
    text(a, r.consumerId());
    text(a, r.consumerName());
    a.append(r.method());
    a.append(r.path());
    a.append((short) r.status());
    a.append((int) Math.min(Integer.MAX_VALUE, r.latencyRequest()));
    a.append((int) Math.min(Integer.MAX_VALUE, r.latencyProxy()));
    a.append((int) Math.min(Integer.MAX_VALUE, r.latencyKong()));
    a.append(r.requestBytes());
    a.append(r.responseBytes());
    text(a, r.clientIp());
    text(a, r.upstream());
    for (int i = 0; i < 4; i++) a.appendNull(); // payload capture: not yet
    a.endRow();
  }

  private static void text(DuckDBAppender a, @Nullable String s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }
}
