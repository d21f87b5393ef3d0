package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.KongPdk;
import io.gatehouse.plugins.functions.pdk.Namespace;
import io.gatehouse.plugins.functions.pdk.PdkFunction;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The {@code kong} table: the shared PDK ({@link KongPdk}) bound to Lua, plus {@code kong.ctx},
 * whose tables are Lua's own. Any other member fails naming itself.
 */
final class KongApi {
  private final LuaRuntime rt;

  KongApi(LuaRuntime rt) {
    this.rt = rt;
  }

  LuaTable table() {
    Map<String, LuaTable> tables = new HashMap<>();
    LuaTable kong = Fn.namespace("kong");
    tables.put("kong", kong);
    for (Namespace ns : KongPdk.namespaces()) {
      LuaTable t = Fn.namespace(ns.path());
      ns.functions().forEach((name, f) -> t.set(name, bind(f)));
      int dot = ns.path().lastIndexOf('.');
      parent(tables, ns.path().substring(0, dot)).set(ns.path().substring(dot + 1), t);
      tables.put(ns.path(), t);
    }
    kong.set("ctx", ctx());
    kong.set("version", KongPdk.VERSION);
    kong.set("version_num", KongPdk.VERSION_NUM);
    kong.set("configuration", new LuaTable());
    return kong;
  }

  private LuaValue bind(PdkFunction f) {
    return Fn.of(a -> LuaValues.result(f.call(rt.scope(), new LuaArgs(a))));
  }

  /** The table at {@code path} ({@code kong.service}), made on first use. */
  private static LuaTable parent(Map<String, LuaTable> tables, String path) {
    LuaTable t = tables.get(path);
    if (t == null) {
      int dot = path.lastIndexOf('.');
      t = Fn.namespace(path);
      parent(tables, path.substring(0, dot)).set(path.substring(dot + 1), t);
      tables.put(path, t);
    }
    return t;
  }

  /** {@code kong.ctx.shared} (all Lua snippets of the request) and {@code kong.ctx.plugin} (this instance). */
  private LuaTable ctx() {
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, Fn.of(a -> switch (a.arg(2).tojstring()) {
      case "shared" -> LuaState.of(rt.scope()).shared;
      case "plugin" -> LuaState.of(rt.scope()).pluginCtx(rt.scope().ctx().pluginId());
      default -> LuaValue.NIL;
    }));
    t.setmetatable(meta);
    return t;
  }
}
