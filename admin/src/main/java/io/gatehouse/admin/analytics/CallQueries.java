package io.gatehouse.admin.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the call log: pages of calls (newest first, keyset paging), one call's detail, and
 * aggregates (requests, errors, latency percentiles, bandwidth) per time bucket and group.
 */
public final class CallQueries {
  private static final String COLUMNS = "started_at, request_id, workspace, service_id, service_name, route_id, "
      + "route_name, consumer_id, consumer_name, method, path, status, latency_request, latency_proxy, latency_kong, "
      + "request_bytes, response_bytes, client_ip, upstream, request_headers, request_body, response_headers, response_body";

  private final CallLog store;
  private final CallDialect dialect;

  public CallQueries(CallLog store) {
    this.store = store;
    this.dialect = store.dialect();
  }

  /** One page of calls and the offset of the next, or null at the end. */
  public record Page(ArrayNode data, @Nullable String nextOffset) {}

  /**
   * Calls matching {@code filter}, newest first, after the position {@code offset} (from a previous
   * page's {@link Page#nextOffset()}); throws IllegalArgumentException for an offset that is not one.
   */
  public Page calls(CallFilter filter, int size, @Nullable String offset) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(dialect.table);
    List<Object> params = new ArrayList<>();
    filter.where(sql, params);
    if (offset != null) {
      Cursor c = Cursor.decode(offset);
      sql.append(" AND (started_at < ? OR (started_at = ? AND request_id < ?))");
      params.add(c.startedAt());
      params.add(c.startedAt());
      params.add(c.requestId());
    }
    sql.append(" ORDER BY started_at DESC, request_id DESC LIMIT ").append(size + 1);
    ArrayNode data = Json.array();
    String next = null;
    try (Connection c = store.connection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      long lastStarted = 0;
      String lastId = null;
      while (rs.next()) {
        if (data.size() == size) {
          next = new Cursor(lastStarted, lastId).encode();
          break;
        }
        data.add(row(rs, filter.workspace(), false));
        lastStarted = rs.getLong("started_at");
        lastId = rs.getString("request_id");
      }
    }
    return new Page(data, next);
  }

  /** One call of the workspace with every column (the payload ones when captured); another workspace's is unknown. */
  public Optional<ObjectNode> call(WorkspaceRef workspace, String requestId) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(dialect.table)
        .append(" WHERE request_id = ? AND workspace = ? LIMIT 1");
    try (Connection c = store.connection(); PreparedStatement ps = prepare(c, sql, List.of(requestId, workspace.id()));
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(row(rs, workspace, true)) : Optional.empty();
    }
  }

  /**
   * Aggregates over the calls matching {@code filter}: per {@code bucket} (or the whole range when
   * null), per {@code group} (or all calls when null), the {@code top} groups by requests only.
   */
  public ArrayNode aggregates(CallFilter filter, @Nullable Bucket bucket, @Nullable GroupBy group, @Nullable Integer top)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ");
    List<String> keys = new ArrayList<>();
    if (bucket != null) {
      sql.append(dialect.bucketStart(bucket, "started_at")).append(" AS bucket_start, ");
      keys.add("bucket_start");
    }
    if (group != null) {
      sql.append(group.idColumn).append(" AS group_id, ").append(dialect.anyValue(group.nameColumn))
          .append(" AS group_name, ");
      keys.add("group_id");
    }
    sql.append("count(*) AS requests, count(*) FILTER (WHERE status >= 400) AS errors, ")
        .append("count(*) FILTER (WHERE status >= 500) AS server_errors, ")
        .append(dialect.percentiles("latency_request")).append(" AS percentiles, ")
        .append("coalesce(sum(request_bytes), 0) AS request_bytes, coalesce(sum(response_bytes), 0) AS response_bytes")
        .append(" FROM ").append(dialect.statsTable);
    filter.where(sql, params);
    if (group != null && top != null) {
      sql.append(" AND ").append(group.idColumn).append(" IN (SELECT ").append(group.idColumn).append(" FROM ")
          .append(dialect.statsTable);
      filter.where(sql, params);
      sql.append(" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ").append(top).append(")");
    }
    if (!keys.isEmpty()) sql.append(" GROUP BY ").append(String.join(", ", keys));
    sql.append(" ORDER BY ").append(bucket != null ? "bucket_start, " : "").append("requests DESC");
    if (group != null) sql.append(", group_id");
    ArrayNode out = Json.array();
    try (Connection c = store.connection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ObjectNode o = out.addObject();
        if (bucket != null) o.put("bucket_start", rs.getLong("bucket_start"));
        if (group == GroupBy.STATUS) {
          o.put("status", rs.getInt("group_id"));
        } else if (group != null) {
          ObjectNode g = o.putObject(group.jsonName());
          putText(g, "id", rs.getString("group_id"));
          putText(g, group == GroupBy.CONSUMER ? "username" : "name", rs.getString("group_name"));
        }
        o.put("requests", rs.getLong("requests"));
        o.put("errors", rs.getLong("errors"));
        o.put("server_errors", rs.getLong("server_errors"));
        double[] p = percentiles(rs.getArray("percentiles"));
        o.putObject("latency").put("p50", p[0]).put("p95", p[1]).put("p99", p[2]);
        o.putObject("bandwidth").put("request_bytes", rs.getLong("request_bytes")).put("response_bytes", rs.getLong("response_bytes"));
      }
    }
    return out;
  }

  /** p50, p95, p99 from the list-valued quantile; zeros for an empty range (SQL null), as before. */
  private static double[] percentiles(java.sql.@Nullable Array list) throws SQLException {
    double[] out = new double[3];
    if (list == null) return out;
    Object[] values = (Object[]) list.getArray();
    for (int i = 0; i < out.length && i < values.length; i++) {
      if (values[i] instanceof Number n) out[i] = n.doubleValue();
    }
    return out;
  }

  private static PreparedStatement prepare(Connection c, CharSequence sql, List<Object> params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql.toString());
    for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
    return ps;
  }

  /** A row in the shape of Kong's serialized log entry (the columns the store keeps). */
  private static ObjectNode row(ResultSet rs, WorkspaceRef workspace, boolean detail) throws SQLException {
    ObjectNode o = Json.object();
    o.put("started_at", rs.getLong("started_at"));
    // Kong Enterprise's log entry fields; a query reads one workspace, so its name is the workspace's current one
    o.put("workspace", rs.getString("workspace"));
    o.put("workspace_name", workspace.name());
    ObjectNode request = o.putObject("request");
    request.put("id", rs.getString("request_id"));
    request.put("method", rs.getString("method"));
    request.put("uri", rs.getString("path"));
    request.put("size", rs.getLong("request_bytes"));
    ObjectNode response = o.putObject("response");
    response.put("status", rs.getInt("status"));
    response.put("size", rs.getLong("response_bytes"));
    o.putObject("latencies").put("request", rs.getLong("latency_request")).put("proxy", rs.getLong("latency_proxy"))
        .put("kong", rs.getLong("latency_kong"));
    ref(o, "service", rs.getString("service_id"), "name", rs.getString("service_name"));
    ref(o, "route", rs.getString("route_id"), "name", rs.getString("route_name"));
    ref(o, "consumer", rs.getString("consumer_id"), "username", rs.getString("consumer_name"));
    putText(o, "client_ip", rs.getString("client_ip"));
    putText(o, "upstream", rs.getString("upstream"));
    if (detail) {
      putText(request, "headers", rs.getString("request_headers"));
      putText(request, "body", rs.getString("request_body"));
      putText(response, "headers", rs.getString("response_headers"));
      putText(response, "body", rs.getString("response_body"));
    }
    return o;
  }

  private static void ref(ObjectNode o, String name, @Nullable String id, String nameField, @Nullable String label) {
    if (id == null) {
      o.putNull(name);
    } else {
      o.putObject(name).put("id", id).put(nameField, label);
    }
  }

  private static void putText(ObjectNode o, String name, @Nullable String value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }

  /** A page position: the last call's start and request id, as an opaque base64url token. */
  private record Cursor(long startedAt, String requestId) {
    String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((startedAt + "," + requestId).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int comma = s.indexOf(',');
        return new Cursor(Long.parseLong(s.substring(0, comma)), s.substring(comma + 1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad encoding", e);
      }
    }
  }
}
