package io.gatehouse.admin.analytics;

import io.gatehouse.admin.http.WorkspaceRef;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The filters of a call query, as SQL conditions with their parameters. Service, route and consumer
 * match an id or a name; status is one code ({@code 404}) or a class ({@code 5xx}).
 *
 * @param from inclusive epoch ms, or null; to exclusive epoch ms, or null
 * @param consumerId one consumer by id only (a developer's application): a consumer named like an id never matches
 * @param workspace only this workspace's calls (the Admin API's {@code /{workspace}/} prefix; {@code default} without one)
 */
public record CallFilter(
    @Nullable Long from,
    @Nullable Long to,
    @Nullable String service,
    @Nullable String route,
    @Nullable String consumer,
    @Nullable Integer status,
    @Nullable Integer statusClass,
    @Nullable Long minLatency,
    @Nullable Long maxLatency,
    @Nullable String requestId,
    @Nullable String consumerId,
    WorkspaceRef workspace) {

  /** Every call of the default workspace. */
  public static final CallFilter ALL = new CallFilter(null, null, null, null, null, null, null, null, null, null, null,
      WorkspaceRef.DEFAULT);

  public CallFilter {
    java.util.Objects.requireNonNull(workspace, "workspace");
  }

  /** This filter narrowed to one consumer's calls (by id), whatever consumer it named before. */
  public CallFilter forConsumer(String consumerId) {
    return new CallFilter(from, to, service, route, null, status, statusClass, minLatency, maxLatency, requestId, consumerId,
        workspace);
  }

  /** This filter over {@code [from, to)} instead of its own range. */
  public CallFilter between(long from, long to) {
    return new CallFilter(from, to, service, route, consumer, status, statusClass, minLatency, maxLatency, requestId,
        consumerId, workspace);
  }

  /** Appends {@code WHERE …} (or nothing) to {@code sql} and the parameters to {@code params}. */
  void where(StringBuilder sql, List<Object> params) {
    List<String> conds = new ArrayList<>();
    conds.add("workspace = ?");
    params.add(workspace.id());
    if (from != null) { conds.add("started_at >= ?"); params.add(from); }
    if (to != null) { conds.add("started_at < ?"); params.add(to); }
    idOrName(conds, params, "service", service);
    idOrName(conds, params, "route", route);
    idOrName(conds, params, "consumer", consumer);
    if (consumerId != null) { conds.add("consumer_id = ?"); params.add(consumerId); }
    if (status != null) { conds.add("status = ?"); params.add(status); }
    if (statusClass != null) { // a range: the same SQL in DuckDB and PostgreSQL
      conds.add("status >= ? AND status < ?");
      params.add(statusClass * 100);
      params.add(statusClass * 100 + 100);
    }
    if (minLatency != null) { conds.add("latency_request >= ?"); params.add(minLatency); }
    if (maxLatency != null) { conds.add("latency_request <= ?"); params.add(maxLatency); }
    if (requestId != null) { conds.add("request_id = ?"); params.add(requestId); }
    sql.append(" WHERE ").append(String.join(" AND ", conds));
  }

  private static void idOrName(List<String> conds, List<Object> params, String column, @Nullable String value) {
    if (value == null) return;
    conds.add("(" + column + "_id = ? OR " + column + "_name = ?)");
    params.add(value);
    params.add(value);
  }
}
