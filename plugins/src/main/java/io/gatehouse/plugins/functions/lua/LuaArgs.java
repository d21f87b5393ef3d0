package io.gatehouse.plugins.functions.lua;

import io.gatehouse.plugins.functions.pdk.Args;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** A PDK call's arguments from Lua: LuaJ's own checks, so messages stay {@code bad argument #1 …}. */
record LuaArgs(Varargs a) implements Args {
  @Override
  public int size() {
    return a.narg();
  }

  @Override
  public boolean isNil(int i) {
    return a.isnil(i + 1);
  }

  @Override
  public boolean isTable(int i) {
    return a.arg(i + 1).istable();
  }

  @Override
  public void requireTable(int i) {
    a.checktable(i + 1);
  }

  @Override
  public String string(int i) {
    return a.checkjstring(i + 1);
  }

  @Override
  public int integer(int i) {
    return a.checkint(i + 1);
  }

  @Override
  public byte[] bytes(int i) {
    return LuaValues.bytes(a.checkstring(i + 1));
  }

  @Override
  public @Nullable Object value(int i) {
    return LuaValues.toJava(a.arg(i + 1));
  }

  @Override
  public String json(int i) {
    return LuaValues.encode(a.arg(i + 1));
  }

  @Override
  public List<String> strings(int i) {
    LuaValue v = a.arg(i + 1);
    if (!v.istable()) {
      return List.of(v.tojstring());
    }
    List<String> out = new ArrayList<>();
    for (int k = 1; k <= v.length(); k++) {
      out.add(v.get(k).tojstring());
    }
    return out;
  }

  @Override
  public String display(int i) {
    LuaValue v = a.arg(i + 1);
    return v.isnil() ? "nil" : v.tojstring();
  }
}
