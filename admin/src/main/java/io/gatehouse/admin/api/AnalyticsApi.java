package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.analytics.Bucket;
import io.gatehouse.admin.analytics.CallFilter;
import io.gatehouse.admin.analytics.CallQueries;
import io.gatehouse.admin.analytics.GroupBy;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The call log's query API (beyond Kong, docs/analytics.md): {@code GET /analytics/calls} (filters,
 * Kong-style {@code offset}/{@code next} paging), {@code GET /analytics/calls/{request_id}} and
 * {@code GET /analytics/aggregates}. Bad arguments get Kong's {@code invalid option} error (400).
 */
public final class AnalyticsApi {
  private final CallQueries queries;

  public AnalyticsApi(CallQueries queries) {
    this.queries = queries;
  }

  public void register(RouteTable routes) {
    routes.add("/analytics/calls", "GET", (req, p) -> run(() -> calls(req, WorkspaceRef.of(p))));
    routes.add("/analytics/calls/{request_id}", "GET",
        (req, p) -> run(() -> call(WorkspaceRef.of(p), p.get("request_id"))));
    routes.add("/analytics/aggregates", "GET", (req, p) -> run(() -> aggregates(req, WorkspaceRef.of(p))));
    // /{workspace}/analytics/… reads that workspace's calls only (the unprefixed paths: the default workspace's)
    routes.scopeInWorkspaces(template -> template.startsWith("/analytics/"));
  }

  private interface Query {
    AdminResponse answer() throws SQLException;
  }

  private static AdminResponse run(Query q) {
    try {
      return q.answer();
    } catch (SQLException e) {
      return AdminResponse.message(500, "An unexpected error occurred");
    }
  }

  private AdminResponse calls(AdminRequest req, WorkspaceRef workspace) throws SQLException {
    int size = ListQuery.size(req.queryParam("size"));
    CallFilter filter = filter(req, workspace);
    String offset = req.queryParam("offset");
    CallQueries.Page page = page(queries, filter, size, offset);
    ObjectNode body = Json.object();
    body.set("data", page.data());
    if (page.nextOffset() == null) {
      body.putNull("offset");
      body.putNull("next");
    } else {
      body.put("offset", page.nextOffset());
      body.put("next", next(req, workspace, page.nextOffset()));
    }
    return AdminResponse.json(200, body);
  }

  /** The same query with the next offset (every other argument and the workspace prefix kept). */
  private static String next(AdminRequest req, WorkspaceRef workspace, String offset) {
    StringBuilder s = new StringBuilder(workspace.isDefault() ? "" : "/" + ListQuery.encode(workspace.name()))
        .append("/analytics/calls?offset=").append(ListQuery.encode(offset));
    for (Map.Entry<String, java.util.List<String>> e : req.query().entrySet()) {
      if (e.getKey().equals("offset")) continue;
      for (String v : e.getValue()) s.append('&').append(ListQuery.encode(e.getKey())).append('=').append(ListQuery.encode(v));
    }
    return s.toString();
  }

  private AdminResponse call(WorkspaceRef workspace, String requestId) throws SQLException {
    Optional<ObjectNode> call = queries.call(workspace, requestId);
    return call.map(c -> AdminResponse.json(200, c)).orElseGet(AdminResponse::notFound);
  }

  private AdminResponse aggregates(AdminRequest req, WorkspaceRef workspace) throws SQLException {
    Bucket bucket = null;
    String b = req.queryParam("bucket");
    if (b != null) {
      bucket = Bucket.parse(b).orElseThrow(() -> KongException.invalidOption("bucket",
          "expected one of: minute, hour, day, week, month"));
    }
    GroupBy group = null;
    String g = req.queryParam("group_by");
    if (g != null) {
      group = GroupBy.parse(g).orElseThrow(() -> KongException.invalidOption("group_by",
          "expected one of: service, route, consumer, status"));
    }
    Integer top = null;
    String t = req.queryParam("top");
    if (t != null) {
      top = (int) number("top", t, 1, 1000);
      if (group == null) throw KongException.invalidOption("top", "needs group_by");
    }
    ObjectNode body = Json.object();
    if (bucket == null) body.putNull("bucket"); else body.put("bucket", b);
    if (group == null) body.putNull("group_by"); else body.put("group_by", g);
    body.set("data", queries.aggregates(filter(req, workspace), bucket, group, top));
    return AdminResponse.json(200, body);
  }

  /** A page's {@code size} (1–1000, default 100), Kong's error otherwise. */
  public static int size(AdminRequest req) {
    return ListQuery.size(req.queryParam("size"));
  }

  /** The shared filters of a query over the default workspace's calls; 400 for a bad one. */
  public static CallFilter filter(AdminRequest req) {
    return filter(req, WorkspaceRef.DEFAULT);
  }

  /** The shared filters of a query ({@code from}, {@code to}, {@code status}, …) in a workspace; 400 for a bad one. */
  public static CallFilter filter(AdminRequest req, WorkspaceRef workspace) {
    Integer status = null;
    Integer statusClass = null;
    String s = req.queryParam("status");
    if (s != null) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.length() == 3 && lower.endsWith("xx") && lower.charAt(0) >= '1' && lower.charAt(0) <= '5') {
        statusClass = lower.charAt(0) - '0';
      } else {
        status = (int) number("status", s, 100, 999);
      }
    }
    return new CallFilter(time(req, "from"), time(req, "to"), req.queryParam("service"), req.queryParam("route"),
        req.queryParam("consumer"), status, statusClass, optionalNumber(req, "min_latency"),
        optionalNumber(req, "max_latency"), req.queryParam("request_id"), null, workspace);
  }

  /** One page of calls; an offset that does not decode is Kong's 400 (shared with the portal's per-application log). */
  public static CallQueries.Page page(CallQueries queries, CallFilter filter, int size, @Nullable String offset)
      throws java.sql.SQLException {
    try {
      return queries.calls(filter, size, offset);
    } catch (IllegalArgumentException bad) {
      throw KongException.invalidOffset(offset, "bad encoding");
    }
  }

  /** Epoch milliseconds, or an ISO-8601 instant ({@code 2026-12-05T16:00:00Z}). */
  private static @Nullable Long time(AdminRequest req, String name) {
    String v = req.queryParam(name);
    if (v == null) return null;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException notMillis) {
      try {
        return Instant.parse(v).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw KongException.invalidOption(name, "expected epoch milliseconds or an ISO-8601 instant");
      }
    }
  }

  private static @Nullable Long optionalNumber(AdminRequest req, String name) {
    String v = req.queryParam(name);
    return v == null ? null : number(name, v, 0, Long.MAX_VALUE);
  }

  private static long number(String name, String v, long min, long max) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw KongException.invalidOption(name, "expected an integer");
    }
    if (n < min || n > max) throw KongException.invalidOption(name, "expected an integer between " + min + " and " + max);
    return n;
  }
}
