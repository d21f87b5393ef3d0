package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.RequestScope;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * One event-loop thread's Lua world: the full globals, the PDK tables ({@code kong}, {@code ngx},
 * {@code cjson}) and the instruction budget. LuaJ values are not thread-safe, so each thread that
 * runs snippets has its own; the PDK reads the request from {@link #scope()}, set for each call.
 */
final class LuaRuntime {
  /** kong-lua-sandbox's safe globals; {@code coroutine} is left out (LuaJ runs each coroutine on a thread of its own). */
  private static final String[] SAFE = {"_VERSION", "assert", "error", "ipairs", "next", "pairs", "pcall", "select",
      "tonumber", "tostring", "type", "unpack", "xpcall"};
  private static final String[][] SAFE_MODULES = {
      {"math", "abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "cosh", "deg", "exp", "fmod", "floor", "frexp",
          "huge", "ldexp", "log", "log10", "max", "min", "modf", "pi", "pow", "rad", "random", "sin", "sinh", "sqrt",
          "tan", "tanh"},
      {"os", "clock", "date", "difftime", "time"},
      {"string", "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub",
          "upper"},
      {"table", "concat", "insert", "maxn", "remove", "sort"}};

  private final LuaSettings settings;
  final Budget budget;
  private final Globals full;
  private final LuaTable kong;
  private final LuaTable ngx;
  private @Nullable RequestScope scope;

  LuaRuntime(LuaSettings settings) {
    this.settings = settings;
    this.budget = new Budget(settings.quota());
    this.full = new Globals();
    full.load(new BaseLib());
    full.load(new PackageLib());
    full.load(new Bit32Lib());
    full.load(new TableLib());
    full.load(new StringLib());
    full.load(new JseMathLib());
    full.load(new JseIoLib());
    full.load(new JseOsLib());
    LoadState.install(full);
    LuaC.install(full);
    full.debuglib = budget;
    Lua51.fill(full);
    LuaValue cjson = Cjson.module(false);
    LuaTable loaded = (LuaTable) full.get("package").get("loaded");
    loaded.set("cjson", cjson);
    loaded.set("cjson.safe", Cjson.module(true));
    this.ngx = new NgxApi(this).table();
    this.kong = new KongApi(this).table();
    full.set("ngx", ngx);
    full.set("kong", kong);
  }

  RequestScope scope() {
    if (scope == null) {
      throw new LuaError("the PDK is only available while a request is handled");
    }
    return scope;
  }

  void enter(@Nullable RequestScope s) {
    this.scope = s;
  }

  /** A fresh function for a compiled snippet, with the environment {@code untrusted_lua} gives. */
  LuaValue instantiate(Prototype p) {
    Globals env = new Globals();
    env.debuglib = budget; // LuaJ hooks only closures whose environment is a Globals
    switch (settings.mode()) {
      case OFF -> throw new LuaError(
          "loading of untrusted Lua code disabled because 'untrusted_lua' config option is set to 'off'");
      case ON -> {
        env.set("kong", kong);
        env.set("ngx", ngx);
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, full);
        env.setmetatable(meta);
      }
      case SANDBOX -> sandbox(env);
    }
    return new LuaClosure(p, env);
  }

  private void sandbox(Globals env) {
    for (String name : SAFE) {
      env.set(name, full.get(name));
    }
    for (String[] module : SAFE_MODULES) {
      LuaTable safe = new LuaTable();
      LuaValue from = full.get(module[0]);
      for (int i = 1; i < module.length; i++) {
        safe.set(module[i], from.get(module[i]));
      }
      env.set(module[0], protect(safe, module[0]));
    }
    env.set("kong", kong);
    env.set("ngx", ngx);
    env.set("require", Fn.of(a -> {
      String m = a.checkjstring(1);
      if (!settings.requires().contains(m)) {
        throw new LuaError("require '" + m + "' not allowed within sandbox");
      }
      return full.get("require").call(a.arg1());
    }));
    for (String path : settings.environment()) {
      link(path, full, env);
    }
    env.set("_G", env);
  }

  /** Kong's sandbox {@code link}: copies {@code a.b.c} of the globals into the environment (behind what it has). */
  private static void link(String path, LuaValue from, LuaTable target) {
    int dot = path.indexOf('.');
    String head = dot < 0 ? path : path.substring(0, dot);
    LuaValue value = from.get(head);
    if (value.isnil() || !target.rawget(head).isnil() && dot < 0) {
      return;
    }
    if (dot < 0) {
      target.set(head, value);
      return;
    }
    LuaValue sub = target.rawget(head);
    if (sub.isnil()) {
      sub = new LuaTable();
      target.set(head, sub);
    } else if (sub.getmetatable() != null) {
      return; // a protected safe module wins over the environment, as in Kong where it shadows it
    }
    link(path.substring(dot + 1), value, (LuaTable) sub);
  }

  private static LuaTable protect(LuaTable module, String name) {
    LuaTable proxy = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, module);
    meta.set(LuaValue.NEWINDEX, Fn.of(a -> {
      throw new LuaError("Can not modify " + name + "." + a.arg(2).tojstring() + ". Protected by the sandbox.");
    }));
    proxy.setmetatable(meta);
    return proxy;
  }
}
