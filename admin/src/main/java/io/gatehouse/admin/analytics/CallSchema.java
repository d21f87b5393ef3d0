package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.core.json.Json;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.jspecify.annotations.Nullable;

/**
 * The DuckDB file's layout. DuckDB's insert costs per value appended (~0.1–0.2 µs a number, ~1 µs or
 * more a string, docs/performance.md), so a call is few values: {@code call_rows} holds the numbers,
 * one key into {@code call_contexts} for the strings and status that repeat from call to call
 * (workspace, service, route, consumer, method, upstream, status), the rarely read request id,
 * client ip and path packed into one string, and the captured payload as one JSON array (null when
 * none). The {@code calls} view puts the columns back together, so queries read it as one table.
 */
final class CallSchema {
  static final String ROWS = "call_rows";
  static final String CONTEXTS = "call_contexts";
  /** Separates the packed request id, client ip and path (neither of the first two may hold one). */
  private static final char SEP = '\n';

  private static final String CREATE_CONTEXTS = """
      CREATE TABLE IF NOT EXISTS call_contexts (
        id INTEGER NOT NULL,
        workspace VARCHAR NOT NULL, -- the route's ws_id (the default workspace's without a route)
        service_id VARCHAR,
        service_name VARCHAR,
        route_id VARCHAR,
        route_name VARCHAR,
        consumer_id VARCHAR,
        consumer_name VARCHAR,
        method VARCHAR NOT NULL,
        upstream VARCHAR,
        status SMALLINT NOT NULL
      )""";

  private static final String CREATE_ROWS = """
      CREATE TABLE IF NOT EXISTS call_rows (
        started_at BIGINT NOT NULL,
        context INTEGER NOT NULL, -- call_contexts.id
        packed VARCHAR NOT NULL, -- request_id, newline, client_ip ('' for none), newline, path
        latency_request INTEGER NOT NULL,
        latency_proxy INTEGER NOT NULL,
        latency_kong INTEGER NOT NULL,
        request_bytes BIGINT NOT NULL,
        response_bytes BIGINT NOT NULL,
        payload VARCHAR -- JSON [request_headers, request_body, response_headers, response_body], null if not captured
      )""";

  private static final String REQUEST_ID = "split_part(r.packed, chr(10), 1)";
  private static final String CLIENT_IP = "split_part(r.packed, chr(10), 2)";

  private static final String CREATE_VIEW = "CREATE OR REPLACE VIEW calls AS SELECT r.started_at, "
      + REQUEST_ID + " AS request_id, x.workspace, x.service_id, x.service_name, x.route_id, x.route_name, "
      + "x.consumer_id, x.consumer_name, x.method, "
      + "substr(r.packed, length(" + REQUEST_ID + ") + length(" + CLIENT_IP + ") + 3) AS path, "
      + "x.status, r.latency_request, r.latency_proxy, r.latency_kong, r.request_bytes, r.response_bytes, "
      + "nullif(" + CLIENT_IP + ", '') AS client_ip, x.upstream, "
      + "json_extract_string(r.payload, '$[0]') AS request_headers, json_extract_string(r.payload, '$[1]') AS request_body, "
      + "json_extract_string(r.payload, '$[2]') AS response_headers, json_extract_string(r.payload, '$[3]') AS response_body "
      + "FROM call_rows r JOIN call_contexts x ON x.id = r.context";

  private static final String CONTEXT_COLUMNS =
      "workspace, service_id, service_name, route_id, route_name, consumer_id, consumer_name, method, upstream, status";

  /**
   * Files written before this layout had one {@code calls} table of 23 columns: its rows move into
   * the two tables (one transaction), then the table makes way for the view.
   */
  private static final List<String> MIGRATE_WIDE_TABLE = List.of(
      "INSERT INTO call_contexts SELECT (SELECT coalesce(max(id) + 1, 0) FROM call_contexts) + row_number() OVER () - 1, "
          + "* FROM (SELECT DISTINCT " + CONTEXT_COLUMNS + " FROM calls)",
      "INSERT INTO call_rows SELECT c.started_at, x.id, "
          + "replace(c.request_id, chr(10), ' ') || chr(10) || replace(coalesce(c.client_ip, ''), chr(10), ' ') || chr(10) || c.path, "
          + "c.latency_request, c.latency_proxy, c.latency_kong, c.request_bytes, c.response_bytes, "
          + "CASE WHEN coalesce(c.request_headers, c.request_body, c.response_headers, c.response_body) IS NOT NULL "
          + "THEN to_json([c.request_headers, c.request_body, c.response_headers, c.response_body])::VARCHAR END "
          + "FROM calls c JOIN call_contexts x ON "
          + String.join(" AND ", java.util.Arrays.stream(CONTEXT_COLUMNS.split(", "))
              .map(col -> "x." + col + " IS NOT DISTINCT FROM c." + col).toList()),
      "DROP TABLE calls");

  /** Files written before calls carried their workspace held its name, {@code default}: now its id. */
  private static final String MIGRATE_DEFAULT_WORKSPACE = "UPDATE call_contexts SET workspace = '"
      + CallRecord.DEFAULT_WORKSPACE + "' WHERE workspace = 'default'";

  private CallSchema() {}

  /** Creates the tables and the view, moving the calls of an older file's {@code calls} table into them. */
  static void createOrMigrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE_CONTEXTS);
      s.execute(CREATE_ROWS);
      boolean wide;
      try (ResultSet rs = s.executeQuery(
          "SELECT count(*) FROM information_schema.tables WHERE table_name = 'calls' AND table_type = 'BASE TABLE'")) {
        wide = rs.next() && rs.getLong(1) > 0;
      }
      if (wide) {
        c.setAutoCommit(false);
        try {
          for (String sql : MIGRATE_WIDE_TABLE) s.execute(sql);
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
      s.execute(MIGRATE_DEFAULT_WORKSPACE);
      s.execute(CREATE_VIEW);
    }
  }

  /** The strings and status a call shares with many others: one {@code call_contexts} row. */
  record Context(String workspace, @Nullable String serviceId, @Nullable String serviceName, @Nullable String routeId,
      @Nullable String routeName, @Nullable String consumerId, @Nullable String consumerName, String method,
      @Nullable String upstream, int status) {}

  /** The writer's map of the file's contexts to their keys, and the ones it has added but not yet stored. */
  static final class Contexts {
    private final Map<Context, Integer> keys = new HashMap<>();
    private final java.util.ArrayList<Context> added = new java.util.ArrayList<>();
    private int next;

    /** Reads the file's contexts (at start, and after a failed write, to forget keys never stored). */
    void load(Connection c) throws SQLException {
      keys.clear();
      added.clear();
      next = 0;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, " + CONTEXT_COLUMNS + " FROM call_contexts")) {
        while (rs.next()) {
          int id = rs.getInt(1);
          keys.putIfAbsent(new Context(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11)), id);
          next = Math.max(next, id + 1);
        }
      }
    }

    int key(Context ctx) {
      Integer k = keys.get(ctx);
      if (k != null) return k;
      keys.put(ctx, next);
      added.add(ctx);
      return next++;
    }

    /** Appends the contexts added since the last call (before the rows that use them). */
    void appendAdded(DuckDBAppender a) throws SQLException {
      int first = next - added.size();
      for (int i = 0; i < added.size(); i++) {
        Context x = added.get(i);
        a.beginRow();
        a.append(first + i);
        a.append(x.workspace());
        text(a, x.serviceId());
        text(a, x.serviceName());
        text(a, x.routeId());
        text(a, x.routeName());
        text(a, x.consumerId());
        text(a, x.consumerName());
        a.append(x.method());
        text(a, x.upstream());
        a.append((short) x.status());
        a.endRow();
      }
    }

    boolean anyAdded() {
      return !added.isEmpty();
    }

    void stored() {
      added.clear();
    }
  }

  /** The context of row {@code row} (the upstream peer is formatted here, off the event loop). */
  static Context context(CallBatch b, int row) {
    Object upstream = b.ref(row, CallRing.UPSTREAM);
    return new Context((String) b.ref(row, CallRing.WORKSPACE), (String) b.ref(row, CallRing.SERVICE_ID),
        (String) b.ref(row, CallRing.SERVICE_NAME), (String) b.ref(row, CallRing.ROUTE_ID),
        (String) b.ref(row, CallRing.ROUTE_NAME), (String) b.ref(row, CallRing.CONSUMER_ID),
        (String) b.ref(row, CallRing.CONSUMER_NAME), (String) b.ref(row, CallRing.METHOD),
        upstream instanceof InetSocketAddress peer ? NetUtil.toSocketAddressString(peer) : (String) upstream,
        (int) b.number(row, CallRing.STATUS));
  }

  /** Appends row {@code row} of the batch with its context's key. */
  static void appendRow(DuckDBAppender a, CallBatch b, int row, int context, StringBuilder scratch) throws SQLException {
    a.beginRow();
    a.append(b.number(row, CallRing.STARTED_AT));
    a.append(context);
    scratch.setLength(0);
    oneLine(scratch, (String) b.ref(row, CallRing.REQUEST_ID));
    scratch.append(SEP);
    Object ip = b.ref(row, CallRing.CLIENT_IP);
    if (ip != null) oneLine(scratch, (String) ip);
    scratch.append(SEP).append((String) b.ref(row, CallRing.PATH));
    a.append(scratch.toString());
    a.append(clampInt(b.number(row, CallRing.LATENCY_REQUEST)));
    a.append(clampInt(b.number(row, CallRing.LATENCY_PROXY)));
    a.append(clampInt(b.number(row, CallRing.LATENCY_KONG)));
    a.append(b.number(row, CallRing.REQUEST_BYTES));
    a.append(b.number(row, CallRing.RESPONSE_BYTES));
    if (b.ref(row, CallRing.PAYLOAD) instanceof CapturedPayload p) {
      ArrayNode columns = Json.array(); // redacted here, on the writer thread
      for (String column : p.rules().render(p)) {
        if (column == null) columns.addNull(); else columns.add(column);
      }
      a.append(columns.toString());
    } else {
      a.appendNull();
    }
    a.endRow();
  }

  /** A newline would end the packed field early: it cannot occur in a header-borne id or an address. */
  private static void oneLine(StringBuilder out, String s) {
    if (s.indexOf(SEP) < 0) {
      out.append(s);
    } else {
      out.append(s.replace(SEP, ' '));
    }
  }

  private static int clampInt(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private static void text(DuckDBAppender a, @Nullable String s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }
}
