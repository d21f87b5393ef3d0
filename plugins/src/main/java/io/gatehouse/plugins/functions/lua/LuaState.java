package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.RequestScope;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.LuaTable;

/**
 * What the Lua snippets of one request keep between phases and plugins: {@code kong.ctx.shared},
 * {@code ngx.ctx}, {@code kong.ctx.plugin} per instance, {@code ngx.say} output and {@code ngx.status}.
 */
final class LuaState {
  final LuaTable shared = new LuaTable();
  final LuaTable ngxCtx = new LuaTable();
  private final Map<String, LuaTable> pluginCtx = new HashMap<>();
  final ByteArrayOutputStream said = new ByteArrayOutputStream();
  int ngxStatus;

  static LuaState of(RequestScope scope) {
    return scope.state().slot(LuaState.class, LuaState::new);
  }

  LuaTable pluginCtx(String pluginId) {
    return pluginCtx.computeIfAbsent(pluginId, id -> new LuaTable());
  }
}
