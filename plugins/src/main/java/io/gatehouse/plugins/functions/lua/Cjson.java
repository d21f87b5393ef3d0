package io.gatehouse.plugins.functions.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The {@code cjson} and {@code cjson.safe} modules (encode, decode, null, empty_array). */
final class Cjson {
  private Cjson() {}

  static LuaTable module(boolean safe) {
    LuaTable m = new LuaTable();
    m.set("encode", guarded(safe, a -> LuaValue.valueOf(LuaValues.encode(a.arg1()))));
    m.set("decode", guarded(safe, a -> LuaValues.decode(a.checkjstring(1))));
    m.set("null", LuaValues.NULL);
    m.set("empty_array", new LuaTable());
    m.set("encode_empty_table_as_object", Fn.of(a -> LuaValue.NONE));
    m.set("decode_array_with_array_mt", Fn.of(a -> LuaValue.NONE));
    m.set("encode_escape_forward_slash", Fn.of(a -> LuaValue.NONE));
    m.set("new", Fn.of(a -> module(safe)));
    return m;
  }

  /** cjson.safe returns {@code nil, message} where cjson raises. */
  private static LuaValue guarded(boolean safe, java.util.function.Function<Varargs, Varargs> f) {
    return Fn.of(a -> {
      if (!safe) {
        return f.apply(a);
      }
      try {
        return f.apply(a);
      } catch (LuaError e) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
      }
    });
  }
}
