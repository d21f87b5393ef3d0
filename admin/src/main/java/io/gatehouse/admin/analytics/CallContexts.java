package io.gatehouse.admin.analytics;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.jspecify.annotations.Nullable;

/**
 * The writer's map of call contexts (the strings and status a call shares with many others: one
 * {@code call_contexts} row each) to their keys, and the ones added but not yet stored. Calls of one
 * route carry the very same string objects (the route's, the consumer's, the upstream connection's
 * address), so a small cache compared by identity answers most calls without building, hashing or
 * formatting anything; the map by value answers the rest. Writer thread only.
 */
final class CallContexts {
  /** The context's refs in {@link CallRing}'s order, from {@link CallRing#SERVICE_ID} to {@link CallRing#WORKSPACE}. */
  private static final int[] COLUMNS = {CallRing.WORKSPACE, CallRing.SERVICE_ID, CallRing.SERVICE_NAME,
      CallRing.ROUTE_ID, CallRing.ROUTE_NAME, CallRing.CONSUMER_ID, CallRing.CONSUMER_NAME, CallRing.METHOD,
      CallRing.UPSTREAM};
  private static final int CACHED = 256;

  static final String COLUMN_NAMES =
      "workspace, service_id, service_name, route_id, route_name, consumer_id, consumer_name, method, upstream, status";

  /** One {@code call_contexts} row. */
  record Context(String workspace, @Nullable String serviceId, @Nullable String serviceName, @Nullable String routeId,
      @Nullable String routeName, @Nullable String consumerId, @Nullable String consumerName, String method,
      @Nullable String upstream, int status) {}

  private final Map<Context, Integer> keys = new HashMap<>();
  private final List<Context> added = new ArrayList<>();
  private int next;
  // the identity cache: per slot, the refs of the last call that used it, its status and its key
  private final @Nullable Object[] cachedRefs = new Object[CACHED * COLUMNS.length];
  private final int[] cachedStatus = new int[CACHED];
  private final int[] cachedKey = new int[CACHED];

  /** Reads the file's contexts (at start, and after a failed write, to forget keys never stored). */
  void load(Connection c) throws SQLException {
    keys.clear();
    added.clear();
    java.util.Arrays.fill(cachedRefs, null);
    java.util.Arrays.fill(cachedKey, -1);
    next = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, " + COLUMN_NAMES + " FROM call_contexts")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        keys.putIfAbsent(new Context(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11)), id);
        next = Math.max(next, id + 1);
      }
    }
  }

  /** The key of the context of the call at {@code at} in {@code refs} (the ring's layout) with {@code status}. */
  int key(@Nullable Object[] refs, int at, int status) {
    int h = status;
    for (int column : COLUMNS) h = h * 31 + System.identityHashCode(refs[at + column]);
    int slot = (h ^ (h >>> 16)) & (CACHED - 1);
    int base = slot * COLUMNS.length;
    if (cachedKey[slot] >= 0 && cachedStatus[slot] == status && sameRefs(refs, at, base)) return cachedKey[slot];
    int key = key(context(refs, at, status));
    for (int i = 0; i < COLUMNS.length; i++) cachedRefs[base + i] = refs[at + COLUMNS[i]];
    cachedStatus[slot] = status;
    cachedKey[slot] = key;
    return key;
  }

  private boolean sameRefs(@Nullable Object[] refs, int at, int base) {
    for (int i = 0; i < COLUMNS.length; i++) {
      if (cachedRefs[base + i] != refs[at + COLUMNS[i]]) return false;
    }
    return true;
  }

  int key(Context ctx) {
    Integer k = keys.get(ctx);
    if (k != null) return k;
    keys.put(ctx, next);
    added.add(ctx);
    return next++;
  }

  /** The context of the call at {@code at} (the upstream peer is formatted here, off the event loop). */
  static Context context(@Nullable Object[] refs, int at, int status) {
    Object upstream = refs[at + CallRing.UPSTREAM];
    return new Context((String) refs[at + CallRing.WORKSPACE], (String) refs[at + CallRing.SERVICE_ID],
        (String) refs[at + CallRing.SERVICE_NAME], (String) refs[at + CallRing.ROUTE_ID],
        (String) refs[at + CallRing.ROUTE_NAME], (String) refs[at + CallRing.CONSUMER_ID],
        (String) refs[at + CallRing.CONSUMER_NAME], (String) refs[at + CallRing.METHOD],
        upstream instanceof InetSocketAddress peer ? NetUtil.toSocketAddressString(peer) : (String) upstream, status);
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

  private static void text(DuckDBAppender a, @Nullable String s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }
}
