package io.gatehouse.plugins.functions.js;

import io.gatehouse.plugins.functions.pdk.Args;
import io.gatehouse.plugins.functions.pdk.PdkException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.jspecify.annotations.Nullable;

/** A PDK call's arguments from JavaScript; {@code undefined} and {@code null} are both nil. */
final class JsArgs implements Args {
  private static final int MAX_DEPTH = 100;
  private final JsRuntime rt;
  private final Value[] args;

  JsArgs(JsRuntime rt, Value[] args) {
    this.rt = rt;
    this.args = args;
  }

  @Override
  public int size() {
    return args.length;
  }

  private @Nullable Value arg(int i) {
    return i < args.length ? args[i] : null;
  }

  @Override
  public boolean isNil(int i) {
    Value v = arg(i);
    return v == null || v.isNull();
  }

  @Override
  public boolean isTable(int i) {
    Value v = arg(i);
    return v != null && table(v);
  }

  private static boolean table(Value v) {
    return !v.isNull() && !v.isString() && !v.isNumber() && !v.isBoolean() && !v.canExecute()
        && (v.hasArrayElements() || v.hasMembers());
  }

  @Override
  public void requireTable(int i) {
    if (!isTable(i)) {
      throw bad(i, "object");
    }
  }

  @Override
  public String string(int i) {
    Value v = arg(i);
    if (v != null && v.isString()) {
      return v.asString();
    } else if (v != null && v.isNumber()) {
      return v.toString();
    }
    throw bad(i, "string");
  }

  @Override
  public int integer(int i) {
    Value v = arg(i);
    if (v != null && v.isNumber()) {
      return v.fitsInInt() ? v.asInt() : (int) v.asDouble();
    }
    throw bad(i, "number");
  }

  @Override
  public byte[] bytes(int i) {
    return string(i).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public @Nullable Object value(int i) {
    Value v = arg(i);
    return v == null ? null : toJava(v, 0);
  }

  private static @Nullable Object toJava(Value v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new PdkException("value nested too deeply (over " + MAX_DEPTH + " levels)");
    }
    if (v.isNull()) {
      return null;
    } else if (v.isBoolean()) {
      return v.asBoolean();
    } else if (v.isString()) {
      return v.asString();
    } else if (v.isNumber()) {
      return v.fitsInLong() ? (Object) v.asLong() : (Object) v.asDouble();
    } else if (v.hasArrayElements()) {
      List<@Nullable Object> out = new ArrayList<>();
      for (long k = 0; k < v.getArraySize(); k++) {
        out.add(toJava(v.getArrayElement(k), depth + 1));
      }
      return out;
    } else if (table(v)) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (String key : v.getMemberKeys()) {
        Value member = v.getMember(key);
        if (!member.canExecute()) {
          out.put(key, toJava(member, depth + 1));
        }
      }
      return out;
    }
    return v.toString();
  }

  @Override
  public String json(int i) {
    Value v = arg(i);
    return v == null ? "null" : rt.stringify(v);
  }

  @Override
  public List<String> strings(int i) {
    Value v = arg(i);
    if (v != null && v.hasArrayElements()) {
      List<String> out = new ArrayList<>();
      for (long k = 0; k < v.getArraySize(); k++) {
        out.add(text(v.getArrayElement(k)));
      }
      return out;
    }
    return List.of(display(i));
  }

  @Override
  public String display(int i) {
    Value v = arg(i);
    return v == null ? "undefined" : text(v);
  }

  private static String text(Value v) {
    return v.isString() ? v.asString() : v.toString();
  }

  private PdkException bad(int i, String expected) {
    Value v = arg(i);
    String got = v == null ? "undefined" : v.isNull() ? "null" : v.isString() ? "string" : v.isNumber() ? "number"
        : v.isBoolean() ? "boolean" : "object";
    return new PdkException("bad argument #" + (i + 1) + " (" + expected + " expected, got " + got + ")");
  }
}
