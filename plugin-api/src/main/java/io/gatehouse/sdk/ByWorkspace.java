package io.gatehouse.sdk;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's credentials indexed per workspace (Kong's {@code ws_id}): the same key (an API key, a
 * username, a client id…) may exist in several workspaces, and a lookup sees only the workspace of
 * the matched route, so a credential of workspace A never authenticates on a route of workspace B.
 * Fill it while preparing ({@link #put}), look up per request ({@link #get}); the route knows its
 * workspace ({@link Route#workspace()}).
 */
public final class ByWorkspace<K, V> {
  /** The default workspace's id: rows that carry no {@code ws_id} belong to it. */
  public static final String DEFAULT_WORKSPACE = "00000000-0000-4000-8000-00000000d3fa";
  /** The default workspace's name. */
  public static final String DEFAULT_WORKSPACE_NAME = "default";

  private final Map<String, Map<K, V>> byWorkspace = new HashMap<>();

  /** The row's workspace: its {@code ws_id}, which only rows outside the default workspace carry. */
  public static String workspaceOf(Row row) {
    String ws = row.text("ws_id");
    return ws == null || ws.isEmpty() ? DEFAULT_WORKSPACE : ws;
  }

  /** The matched route's workspace; the default one when there is no route (Kong's rewrite phase). */
  public static String workspaceOf(@Nullable Route route) {
    return route == null ? DEFAULT_WORKSPACE : route.workspace();
  }

  /** Indexes {@code value} under {@code key} in the workspace of {@code row}. */
  public void put(Row row, K key, V value) {
    workspace(workspaceOf(row)).put(key, value);
  }

  /** The value under {@code key} in the workspace of {@code row}, made by {@code make} when missing. */
  public V computeIfAbsent(Row row, K key, Function<K, V> make) {
    return workspace(workspaceOf(row)).computeIfAbsent(key, make);
  }

  /** The value under {@code key} among those of the matched route's workspace, or null. */
  public @Nullable V get(@Nullable Route route, K key) {
    Map<K, V> values = byWorkspace.get(workspaceOf(route));
    return values == null ? null : values.get(key);
  }

  /** The same index with every value mapped (e.g. a list collected while preparing, made immutable). */
  public <W> ByWorkspace<K, W> map(Function<V, W> f) {
    ByWorkspace<K, W> out = new ByWorkspace<>();
    byWorkspace.forEach((ws, values) -> values.forEach((k, v) -> out.workspace(ws).put(k, f.apply(v))));
    return out;
  }

  private Map<K, V> workspace(String ws) {
    return byWorkspace.computeIfAbsent(ws, w -> new HashMap<>());
  }
}
