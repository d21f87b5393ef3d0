package io.gatehouse.plugins.functions.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * What Kong's snippets expect from LuaJIT (Lua 5.1) that LuaJ (Lua 5.2) lacks: global
 * {@code unpack}, {@code math.log10}, {@code table.maxn}, {@code loadstring}; and a cap on
 * {@code string.rep}, the one safe function that can allocate without running instructions.
 */
final class Lua51 {
  static final int MAX_STRING = 16 << 20;

  private Lua51() {}

  static void fill(Globals g) {
    LuaValue table = g.get("table");
    g.set("unpack", table.get("unpack"));
    LuaValue math = g.get("math");
    math.set("log10", Fn.of(a -> LuaValue.valueOf(Math.log10(a.checkdouble(1)))));
    table.set("maxn", Fn.of(a -> {
      LuaTable t = a.checktable(1);
      double max = 0;
      for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
        if (e.arg1().type() == LuaValue.TNUMBER) {
          max = Math.max(max, e.arg1().todouble());
        }
      }
      return LuaValue.valueOf(max);
    }));
    g.set("loadstring", g.get("load"));
    LuaValue rep = g.get("string").get("rep");
    g.get("string").set("rep", Fn.of(a -> {
      long size = (long) a.checkjstring(1).length() * Math.max(0, a.checkint(2));
      if (size > MAX_STRING) {
        throw new LuaError("string.rep: result larger than " + MAX_STRING + " bytes");
      }
      return rep.invoke(a);
    }));
  }
}
