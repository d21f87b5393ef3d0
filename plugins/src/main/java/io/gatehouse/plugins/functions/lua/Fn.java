package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.PdkException;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** Lua functions from Java lambdas, and the "not supported" namespace guard. */
final class Fn {
  private Fn() {}

  /** A Lua function; a refused PDK call becomes a {@code LuaError} that {@code pcall} catches. */
  static LuaValue of(Function<Varargs, Varargs> body) {
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        try {
          return body.apply(args);
        } catch (PdkException e) {
          throw new LuaError(e.getMessage());
        }
      }
    };
  }

  /** A namespace table whose unknown members fail naming the call, instead of a bare nil. */
  static LuaTable namespace(String name) {
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(LuaValue.INDEX, of(a -> {
      throw new LuaError(name + "." + a.arg(2).tojstring() + " is not supported by Gatehouse");
    }));
    t.setmetatable(meta);
    return t;
  }

  /** A string argument, or null when absent/nil. */
  static String optString(Varargs args, int i) {
    LuaValue v = args.arg(i);
    return v.isnil() ? null : v.tojstring();
  }
}
