package io.gatehouse.admin.analytics;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.jspecify.annotations.Nullable;

/**
 * The {@code calls} table: one row per call, the serialized log entry's columns. The payload
 * columns are null unless the route's {@code call-log} plugin captured them.
 */
final class CallSchema {
  static final String TABLE = "calls";

  static final String CREATE_TABLE = """
      CREATE TABLE IF NOT EXISTS calls (
        started_at BIGINT NOT NULL,
        request_id VARCHAR NOT NULL,
        workspace VARCHAR NOT NULL, -- the route's ws_id (the default workspace's without a route)
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

  /** Files written before calls carried their workspace held its name, {@code default}: now its id. */
  static final String MIGRATE_DEFAULT_WORKSPACE = "UPDATE calls SET workspace = '" + CallRecord.DEFAULT_WORKSPACE
      + "' WHERE workspace = 'default'";

  private CallSchema() {}

  /** Appends row {@code row} of the batch (the upstream peer is formatted here, off the event loop). */
  static void appendRow(DuckDBAppender a, CallBatch b, int row) throws SQLException {
    a.beginRow();
    a.append(b.number(row, CallRing.STARTED_AT));
    a.append((String) b.ref(row, CallRing.REQUEST_ID));
    a.append((String) b.ref(row, CallRing.WORKSPACE));
    text(a, b.ref(row, CallRing.SERVICE_ID));
    text(a, b.ref(row, CallRing.SERVICE_NAME));
    text(a, b.ref(row, CallRing.ROUTE_ID));
    text(a, b.ref(row, CallRing.ROUTE_NAME));
    text(a, b.ref(row, CallRing.CONSUMER_ID));
    text(a, b.ref(row, CallRing.CONSUMER_NAME));
    a.append((String) b.ref(row, CallRing.METHOD));
    a.append((String) b.ref(row, CallRing.PATH));
    a.append((short) b.number(row, CallRing.STATUS));
    a.append(clampInt(b.number(row, CallRing.LATENCY_REQUEST)));
    a.append(clampInt(b.number(row, CallRing.LATENCY_PROXY)));
    a.append(clampInt(b.number(row, CallRing.LATENCY_KONG)));
    a.append(b.number(row, CallRing.REQUEST_BYTES));
    a.append(b.number(row, CallRing.RESPONSE_BYTES));
    text(a, b.ref(row, CallRing.CLIENT_IP));
    Object upstream = b.ref(row, CallRing.UPSTREAM);
    text(a, upstream instanceof InetSocketAddress peer ? NetUtil.toSocketAddressString(peer) : upstream);
    if (b.ref(row, CallRing.PAYLOAD) instanceof CapturedPayload p) {
      for (String column : p.rules().render(p)) text(a, column); // redacted here, on the writer thread
    } else {
      for (int i = 0; i < 4; i++) a.appendNull();
    }
    a.endRow();
  }

  private static int clampInt(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private static void text(DuckDBAppender a, @Nullable Object s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append((String) s);
    }
  }
}
