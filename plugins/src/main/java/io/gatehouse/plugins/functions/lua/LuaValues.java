package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.PdkException;
import io.gatehouse.plugins.functions.pdk.PdkFunction;
import io.gatehouse.plugins.functions.pdk.PdkJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Java values to Lua and back, and lua-cjson's JSON encoding rules. */
final class LuaValues {
  /** {@code cjson.null} / {@code ngx.null}: a JSON null inside a table. */
  static final LuaValue NULL = new LuaUserdata("null");

  private LuaValues() {}

  static byte[] bytes(LuaValue v) {
    org.luaj.vm2.LuaString s = v.checkstring();
    byte[] out = new byte[s.m_length];
    s.copyInto(0, out, 0, out.length);
    return out;
  }

  /** A PDK function's result: null is nil, {@code Multi} several values, the rest as {@link #toLua}. */
  static Varargs result(@Nullable Object v) {
    if (v == null) {
      return LuaValue.NIL;
    } else if (v instanceof PdkFunction.Multi m) {
      LuaValue[] out = new LuaValue[m.values().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = m.values().get(i) == null ? LuaValue.NIL : toLua(m.values().get(i));
      }
      return LuaValue.varargsOf(out);
    }
    return toLua(v);
  }

  /** Plain Java to Lua; a null inside a table is {@code cjson.null}. */
  static LuaValue toLua(@Nullable Object v) {
    if (v == null) {
      return NULL;
    } else if (v instanceof String s) {
      return LuaValue.valueOf(s);
    } else if (v instanceof byte[] b) {
      return LuaValue.valueOf(b);
    } else if (v instanceof Boolean b) {
      return LuaValue.valueOf(b);
    } else if (v instanceof Integer || v instanceof Long) {
      return LuaValue.valueOf(((Number) v).doubleValue());
    } else if (v instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    } else if (v instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, x) -> t.set(String.valueOf(k), toLua(x)));
      return t;
    } else if (v instanceof List<?> l) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < l.size(); i++) {
        t.set(i + 1, toLua(l.get(i)));
      }
      return t;
    }
    return LuaValue.valueOf(v.toString());
  }

  /** A table becomes a {@code List} when its keys are 1..n, otherwise a {@code Map}; cjson.null is null. */
  static @Nullable Object toJava(LuaValue v) {
    if (v.isnil() || v == NULL) {
      return null;
    } else if (v.isboolean()) {
      return v.toboolean();
    } else if (v.type() == LuaValue.TNUMBER) {
      double d = v.todouble();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    } else if (v.istable()) {
      LuaTable t = (LuaTable) v;
      int n = arrayLength(t);
      if (n > 0) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          out.add(toJava(t.get(i)));
        }
        return out;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
        out.put(e.arg1().tojstring(), toJava(e.arg(2)));
      }
      return out;
    }
    return v.tojstring();
  }

  /** n when the table's keys are exactly 1..n (lua-cjson's array test), else 0. */
  private static int arrayLength(LuaTable t) {
    int count = 0;
    int max = 0;
    for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
      LuaValue k = e.arg1();
      if (k.type() != LuaValue.TNUMBER || k.todouble() != Math.rint(k.todouble()) || k.todouble() < 1) {
        return 0;
      }
      max = Math.max(max, k.toint());
      count++;
    }
    return count == max ? max : 0;
  }

  static String encode(LuaValue v) {
    StringBuilder sb = new StringBuilder();
    encode(v, sb, 0);
    return sb.toString();
  }

  private static void encode(LuaValue v, StringBuilder sb, int depth) {
    if (depth > 1000) {
      throw new LuaError("Cannot serialise, excessive nesting (1001)");
    }
    if (v.isnil() || v == NULL) {
      sb.append("null");
    } else if (v.isboolean()) {
      sb.append(v.toboolean());
    } else if (v.type() == LuaValue.TNUMBER) {
      sb.append(number(v.todouble()));
    } else if (v.isstring()) {
      quote(v.tojstring(), sb);
    } else if (v.istable()) {
      LuaTable t = (LuaTable) v;
      int n = arrayLength(t);
      if (n > 0) {
        sb.append('[');
        for (int i = 1; i <= n; i++) {
          sb.append(i > 1 ? "," : "");
          encode(t.get(i), sb, depth + 1);
        }
        sb.append(']');
      } else {
        sb.append('{');
        boolean first = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
          sb.append(first ? "" : ",");
          first = false;
          quote(e.arg1().tojstring(), sb);
          sb.append(':');
          encode(e.arg(2), sb, depth + 1);
        }
        sb.append('}');
      }
    } else {
      throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
    }
  }

  /** lua-cjson prints numbers with {@code %.14g}. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e14) {
      return Long.toString((long) d);
    }
    String s = String.format(java.util.Locale.ROOT, "%.14g", d);
    if (s.contains("e")) {
      return s.replaceAll("\\.?0+e", "e").replace("e+0", "e+").replace("e-0", "e-");
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '/' -> sb.append("\\/"); // lua-cjson escapes the solidus
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** cjson.decode: JSON text to Lua (null is {@code cjson.null}). */
  static LuaValue decode(String json) {
    try {
      return toLua(PdkJson.decode(json));
    } catch (PdkException e) {
      throw new LuaError(e.getMessage());
    }
  }
}
