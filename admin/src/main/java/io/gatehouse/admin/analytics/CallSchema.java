package io.gatehouse.admin.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The DuckDB file's layout. DuckDB's insert costs per value appended (~0.1 µs a number, far more a
 * distinct string, docs/performance.md), so a call row ({@code call_numbers}) is seven numbers with no
 * null: its start, one key into {@code call_contexts} for the strings and status that repeat from call
 * to call (workspace, service, route, consumer, method, upstream, status), the request id's 128 bits
 * as two numbers, the keys of its client address and path in {@code call_strings} ({@link CallStrings})
 * packed into one number, its three latencies packed into one, its two sizes into one ({@link CallRows}).
 * A call that does not fit (a request id that is not 32 hex digits, a captured payload, a number out of
 * its packed range) also has a {@code call_details} row with its exact values. The {@code calls} view
 * puts the columns back together, so queries read it as one table. Rows of the two previous layouts
 * are read through the same views: {@code call_facts} rows move into {@code call_numbers} when the file
 * is opened; {@code call_rows} (request id, client address and path packed into one string) stay until
 * retention removes them.
 */
final class CallSchema {
  static final String NUMBERS = "call_numbers";
  /** {@code call_numbers}' columns in table order; {@code context} is the one {@code INTEGER}. */
  static final List<String> NUMBERS_COLUMNS =
      List.of("started_at", "context", "id_high", "id_low", "strings", "latencies", "sizes");
  /**
   * DuckDB's rows per row group: an insert of at least this many rows is written straight to the file,
   * compressed, instead of through the write-ahead log (a third of the cost per row here).
   */
  static final int ROW_GROUP = 122_880;
  static final String DETAILS = "call_details";
  static final String STRINGS = "call_strings";
  /** The oldest keyed layout's rows (read, aged out, no longer written). */
  static final String ROWS = "call_rows";
  static final String CONTEXTS = "call_contexts";
  /** Where retention deletes calls by age. */
  static final List<String> CALL_TABLES = List.of(NUMBERS, DETAILS, ROWS);

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

  private static final String CREATE_NUMBERS = """
      CREATE TABLE IF NOT EXISTS call_numbers (
        started_at BIGINT NOT NULL,
        context INTEGER NOT NULL, -- call_contexts.id
        id_high BIGINT NOT NULL, -- the request id's first 16 hex digits (0 when call_details has the id as text)
        id_low BIGINT NOT NULL, -- and its last 16 (a random number when call_details has the id as text)
        strings BIGINT NOT NULL, -- (call_strings.id of the client address + 1, 0 for none) << 32 | call_strings.id of the path
        latencies BIGINT NOT NULL, -- request | proxy << 20 | kong << 40, each in ms plus one (Kong's -1 is 0),
                                   -- 0..1048575; bit 62 set when call_details has the call's exact values
        sizes BIGINT NOT NULL -- request body bytes << 32 | response body bytes, clamped to 2^31 - 1 and 2^32 - 1
      )""";

  private static final String CREATE_DETAILS = """
      CREATE TABLE IF NOT EXISTS call_details (
        started_at BIGINT NOT NULL, -- with id_high and id_low: the call_numbers row it completes
        id_high BIGINT NOT NULL,
        id_low BIGINT NOT NULL,
        id_text VARCHAR, -- a request id that is not 32 lower-case hex digits, as is
        latency_request INTEGER NOT NULL, -- ms, clamped to INTEGER as in the other layouts
        latency_proxy INTEGER NOT NULL,
        latency_kong INTEGER NOT NULL,
        request_bytes BIGINT NOT NULL,
        response_bytes BIGINT NOT NULL,
        payload VARCHAR -- JSON [request_headers, request_body, response_headers, response_body], null if not captured
      )""";

  private static final String PAYLOAD_COLUMNS = "json_extract_string(%1$s.payload, '$[0]') AS request_headers, "
      + "json_extract_string(%1$s.payload, '$[1]') AS request_body, json_extract_string(%1$s.payload, '$[2]') AS response_headers, "
      + "json_extract_string(%1$s.payload, '$[3]') AS response_body";

  /** What aggregates read (no strings but the contexts'): the same for every layout, row alias {@code %1$s}. */
  private static final String STATS_COLUMNS = "%1$s.started_at, %2$s AS request_id, x.workspace, x.service_id, "
      + "x.service_name, x.route_id, x.route_name, x.consumer_id, x.consumer_name, x.method, x.status, x.upstream, "
      + "%3$s";

  /** Set in {@code latencies} on a call whose exact values are in {@code call_details}. */
  static final long DETAILED = 1L << 62;
  private static final String NUMBERS_ID = "printf('%016x%016x', n.id_high, n.id_low)";
  // INTEGER, as the other layouts' latencies: quantiles sort half the bytes of a BIGINT (~35 % faster, measured)
  private static final String NUMBERS_VALUES = "((n.latencies & 1048575) - 1)::INTEGER AS latency_request, "
      + "(((n.latencies >> 20) & 1048575) - 1)::INTEGER AS latency_proxy, "
      + "(((n.latencies >> 40) & 1048575) - 1)::INTEGER AS latency_kong, "
      + "n.sizes >> 32 AS request_bytes, n.sizes & 4294967295 AS response_bytes";
  private static final String DETAILS_ID = "coalesce(d.id_text, " + NUMBERS_ID + ")";
  private static final String DETAILS_VALUES =
      "d.latency_request, d.latency_proxy, d.latency_kong, d.request_bytes, d.response_bytes";
  private static final String NUMBERS_FROM = " FROM call_numbers n JOIN call_contexts x ON x.id = n.context";
  private static final String DETAILS_JOIN =
      " JOIN call_details d ON d.id_low = n.id_low AND d.id_high = n.id_high AND d.started_at = n.started_at";
  private static final String STRINGS_JOIN =
      " JOIN call_strings p ON p.id = n.strings & 4294967295 LEFT JOIN call_strings a ON a.id = (n.strings >> 32) - 1";
  // the calls without a detail row (nearly all) read neither their request id nor call_details
  private static final String ONLY_PLAIN = " WHERE n.latencies < " + DETAILED;
  private static final String ONLY_DETAILED = " WHERE n.latencies >= " + DETAILED;
  private static final String NO_PAYLOAD = "NULL::VARCHAR AS request_headers, NULL::VARCHAR AS request_body, "
      + "NULL::VARCHAR AS response_headers, NULL::VARCHAR AS response_body";

  private static final String ROWS_VALUES = "r.latency_request, r.latency_proxy, r.latency_kong, r.request_bytes, r.response_bytes";
  private static final String REQUEST_ID = "split_part(r.packed, chr(10), 1)";
  private static final String CLIENT_IP = "split_part(r.packed, chr(10), 2)";
  private static final String ROWS_FROM = " FROM call_rows r JOIN call_contexts x ON x.id = r.context";

  /**
   * {@code calls}: every column, both layouts. {@code call_stats}: without the path, the client
   * address and the payload, so aggregates skip the joins on {@code call_strings}.
   */
  private static final List<String> CREATE_VIEWS = List.of(
      "CREATE OR REPLACE VIEW calls AS SELECT " + STATS_COLUMNS.formatted("n", NUMBERS_ID, NUMBERS_VALUES)
          + ", p.value AS path, a.value AS client_ip, " + NO_PAYLOAD + NUMBERS_FROM + STRINGS_JOIN + ONLY_PLAIN
          + " UNION ALL SELECT " + STATS_COLUMNS.formatted("n", DETAILS_ID, DETAILS_VALUES)
          + ", p.value AS path, a.value AS client_ip, " + PAYLOAD_COLUMNS.formatted("d") + NUMBERS_FROM + DETAILS_JOIN
          + STRINGS_JOIN + ONLY_DETAILED
          + " UNION ALL SELECT " + STATS_COLUMNS.formatted("r", REQUEST_ID, ROWS_VALUES)
          + ", substr(r.packed, length(" + REQUEST_ID + ") + length(" + CLIENT_IP + ") + 3) AS path, "
          + "nullif(" + CLIENT_IP + ", '') AS client_ip, " + PAYLOAD_COLUMNS.formatted("r") + ROWS_FROM,
      "CREATE OR REPLACE VIEW call_stats AS SELECT " + STATS_COLUMNS.formatted("n", NUMBERS_ID, NUMBERS_VALUES)
          + NUMBERS_FROM + ONLY_PLAIN
          + " UNION ALL SELECT " + STATS_COLUMNS.formatted("n", DETAILS_ID, DETAILS_VALUES) + NUMBERS_FROM + DETAILS_JOIN
          + ONLY_DETAILED
          + " UNION ALL SELECT " + STATS_COLUMNS.formatted("r", REQUEST_ID, ROWS_VALUES) + ROWS_FROM);

  /**
   * Files written between the keyed and today's layout have {@code call_facts} (13 values a call):
   * its rows move into {@code call_numbers} (and {@code call_details} where they do not fit), one
   * transaction, then the table goes.
   */
  private static final String FACTS_FIT = "f.id_text IS NULL AND f.payload IS NULL AND f.latency_request BETWEEN -1 AND 1048574 "
      + "AND f.latency_proxy BETWEEN -1 AND 1048574 AND f.latency_kong BETWEEN -1 AND 1048574 "
      + "AND f.request_bytes BETWEEN 0 AND 2147483647 AND f.response_bytes BETWEEN 0 AND 4294967295";
  private static final String FACTS_ID_LOW = "coalesce(f.id_low, (hash(f.id_text, f.started_at, f.path) >> 1)::BIGINT)";
  private static final List<String> MIGRATE_FACTS = List.of(
      "INSERT INTO call_details SELECT f.started_at, coalesce(f.id_high, 0), " + FACTS_ID_LOW + ", f.id_text, "
          + "f.latency_request, f.latency_proxy, f.latency_kong, f.request_bytes, f.response_bytes, f.payload "
          + "FROM call_facts f WHERE NOT (" + FACTS_FIT + ")",
      "INSERT INTO call_numbers SELECT f.started_at, f.context, coalesce(f.id_high, 0), " + FACTS_ID_LOW + ", "
          + "((coalesce(f.client, -1) + 1)::BIGINT << 32) | f.path, "
          + "greatest(0, least(f.latency_request + 1, 1048575))::BIGINT "
          + "| (greatest(0, least(f.latency_proxy + 1, 1048575))::BIGINT << 20) "
          + "| (greatest(0, least(f.latency_kong + 1, 1048575))::BIGINT << 40) "
          + "| CASE WHEN " + FACTS_FIT + " THEN 0 ELSE " + DETAILED + " END, "
          + "(greatest(0, least(f.request_bytes, 2147483647)) << 32) | greatest(0, least(f.response_bytes, 4294967295)) "
          + "FROM call_facts f",
      "DROP TABLE call_facts");

  private static final String CONTEXT_COLUMNS = CallContexts.COLUMN_NAMES;

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
      s.execute(CREATE_NUMBERS);
      s.execute(CREATE_DETAILS);
      if (hasTable(s, "calls")) inOneTransaction(c, MIGRATE_WIDE_TABLE);
      if (hasTable(s, "call_facts")) inOneTransaction(c, MIGRATE_FACTS);
      s.execute(MIGRATE_DEFAULT_WORKSPACE);
      for (String view : CREATE_VIEWS) s.execute(view);
    }
  }

  private static boolean hasTable(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + name
        + "' AND table_type = 'BASE TABLE'")) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  private static void inOneTransaction(Connection c, List<String> statements) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
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
      s.executeUpdate("DELETE FROM call_strings WHERE id NOT IN (SELECT strings & 4294967295 FROM call_numbers "
          + "UNION ALL SELECT (strings >> 32) - 1 FROM call_numbers)");
    }
  }
}
