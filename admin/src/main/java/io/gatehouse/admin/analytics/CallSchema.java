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
 * more a distinct string, docs/performance.md), so a call row ({@code call_facts}) holds numbers only:
 * one key into {@code call_contexts} for the strings and status that repeat from call to call
 * (workspace, service, route, consumer, method, upstream, status), keys into {@code call_strings} for
 * the client address and the path ({@link CallStrings}), the request id's 128 bits as two numbers
 * (Gatehouse's ids are 32 hex digits; another id is kept as text), the latencies and sizes, and the
 * captured payload as one JSON array (null when none). The {@code calls} view puts the columns back
 * together, so queries read it as one table. Rows of the previous layout ({@code call_rows}, request
 * id, client address and path packed into one string) stay where they are and are read through the
 * same view until retention removes them.
 */
final class CallSchema {
  static final String FACTS = "call_facts";
  static final String STRINGS = "call_strings";
  /** The previous layout's rows (read, aged out, no longer written). */
  static final String ROWS = "call_rows";
  static final String CONTEXTS = "call_contexts";

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

  private static final String CREATE_STRINGS = """
      CREATE TABLE IF NOT EXISTS call_strings (
        id INTEGER NOT NULL,
        value VARCHAR NOT NULL
      )""";

  private static final String CREATE_FACTS = """
      CREATE TABLE IF NOT EXISTS call_facts (
        started_at BIGINT NOT NULL,
        context INTEGER NOT NULL, -- call_contexts.id
        id_high BIGINT, -- the request id's first 16 hex digits, when it is 32 lower-case hex digits
        id_low BIGINT, -- and its last 16
        id_text VARCHAR, -- any other request id, as is (null otherwise)
        client INTEGER, -- call_strings.id of the client address (null for none)
        path INTEGER NOT NULL, -- call_strings.id
        latency_request INTEGER NOT NULL,
        latency_proxy INTEGER NOT NULL,
        latency_kong INTEGER NOT NULL,
        request_bytes BIGINT NOT NULL,
        response_bytes BIGINT NOT NULL,
        payload VARCHAR -- JSON [request_headers, request_body, response_headers, response_body], null if not captured
      )""";

  private static final String PAYLOAD_COLUMNS = "json_extract_string(%1$s.payload, '$[0]') AS request_headers, "
      + "json_extract_string(%1$s.payload, '$[1]') AS request_body, json_extract_string(%1$s.payload, '$[2]') AS response_headers, "
      + "json_extract_string(%1$s.payload, '$[3]') AS response_body";

  /** What aggregates read (no strings but the contexts'): the same for both layouts, row alias {@code %1$s}. */
  private static final String STATS_COLUMNS = "%1$s.started_at, %2$s AS request_id, x.workspace, x.service_id, "
      + "x.service_name, x.route_id, x.route_name, x.consumer_id, x.consumer_name, x.method, x.status, x.upstream, "
      + "%1$s.latency_request, %1$s.latency_proxy, %1$s.latency_kong, %1$s.request_bytes, %1$s.response_bytes";

  private static final String FACTS_ID = "coalesce(f.id_text, printf('%016x%016x', f.id_high, f.id_low))";
  private static final String FACTS_FROM = " FROM call_facts f JOIN call_contexts x ON x.id = f.context";

  private static final String REQUEST_ID = "split_part(r.packed, chr(10), 1)";
  private static final String CLIENT_IP = "split_part(r.packed, chr(10), 2)";
  private static final String ROWS_FROM = " FROM call_rows r JOIN call_contexts x ON x.id = r.context";

  /**
   * {@code calls}: every column, both layouts. {@code call_stats}: without the path, the client
   * address and the payload, so aggregates skip the joins on {@code call_strings}.
   */
  private static final List<String> CREATE_VIEWS = List.of(
      "CREATE OR REPLACE VIEW calls AS SELECT " + STATS_COLUMNS.formatted("f", FACTS_ID)
          + ", p.value AS path, a.value AS client_ip, " + PAYLOAD_COLUMNS.formatted("f") + FACTS_FROM
          + " JOIN call_strings p ON p.id = f.path LEFT JOIN call_strings a ON a.id = f.client"
          + " UNION ALL SELECT " + STATS_COLUMNS.formatted("r", REQUEST_ID)
          + ", substr(r.packed, length(" + REQUEST_ID + ") + length(" + CLIENT_IP + ") + 3) AS path, "
          + "nullif(" + CLIENT_IP + ", '') AS client_ip, " + PAYLOAD_COLUMNS.formatted("r") + ROWS_FROM,
      "CREATE OR REPLACE VIEW call_stats AS SELECT " + STATS_COLUMNS.formatted("f", FACTS_ID) + FACTS_FROM
          + " UNION ALL SELECT " + STATS_COLUMNS.formatted("r", REQUEST_ID) + ROWS_FROM);

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
      s.execute(CREATE_STRINGS);
      s.execute(CREATE_FACTS);
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
      for (String view : CREATE_VIEWS) s.execute(view);
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

  /** Appends row {@code row} of the batch with its keys ({@code client} -1 for none). */
  static void appendFact(DuckDBAppender a, CallBatch b, int row, int context, int client, int path) throws SQLException {
    a.beginRow();
    a.append(b.number(row, CallRing.STARTED_AT));
    a.append(context);
    String id = (String) b.ref(row, CallRing.REQUEST_ID);
    if (isHexId(id)) {
      a.append(Long.parseUnsignedLong(id, 0, 16, 16));
      a.append(Long.parseUnsignedLong(id, 16, 32, 16));
      a.appendNull();
    } else {
      a.appendNull();
      a.appendNull();
      a.append(id);
    }
    if (client < 0) a.appendNull(); else a.append(client);
    a.append(path);
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

  /** Whether the id is 32 lower-case hex digits (Gatehouse's, and Kong's), so it fits two numbers exactly. */
  static boolean isHexId(String id) {
    if (id.length() != 32) return false;
    for (int i = 0; i < 32; i++) {
      char ch = id.charAt(i);
      if ((ch < '0' || ch > '9') && (ch < 'a' || ch > 'f')) return false;
    }
    return true;
  }

  /** The largest {@code call_strings} key in the file plus one (0 for none). */
  static int nextStringKey(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(id) + 1, 0) FROM call_strings")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Deletes the strings no call row uses any more (after retention); the writer then forgets its keys. */
  static void sweepStrings(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM call_strings WHERE id NOT IN (SELECT path FROM call_facts UNION ALL "
          + "SELECT client FROM call_facts WHERE client IS NOT NULL)");
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
