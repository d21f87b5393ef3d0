package io.gatehouse.plugins.functions.lua;

import io.gatehouse.sdk.Phase;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaTable;

/**
 * What the snippets of one request keep between phases and plugins: {@code kong.ctx.shared},
 * {@code ngx.ctx}, {@code kong.ctx.plugin} per instance, response headers set before the response
 * exists, {@code ngx.say} output and serialize values. Lives in the request's shared map.
 */
final class RequestState {
  private static final String KEY = RequestState.class.getName();

  final LuaTable shared = new LuaTable();
  final LuaTable ngxCtx = new LuaTable();
  private final Map<String, LuaTable> pluginCtx = new HashMap<>();
  /** Response header operations from rewrite/access, applied in this instance's header_filter. */
  final List<String[]> pendingHeaders = new ArrayList<>();
  final List<Object[]> pendingSerialize = new ArrayList<>();
  final ByteArrayOutputStream said = new ByteArrayOutputStream();
  int ngxStatus;
  /** kong.response.get_raw_body in body_filter: chunks so far. */
  @Nullable ByteArrayOutputStream bodyBuffer;
  byte @Nullable [] replacedBody;

  static RequestState of(Phase ctx) {
    return (RequestState) ctx.shared().computeIfAbsent(KEY, k -> new RequestState());
  }

  LuaTable pluginCtx(String pluginId) {
    return pluginCtx.computeIfAbsent(pluginId, id -> new LuaTable());
  }
}
