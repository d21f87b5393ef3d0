package io.gatehouse.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Renders JSON values the way Kong's error messages print Lua tables: {@code {name="x",route=null}}
 * with keys sorted, strings double-quoted, arrays as {@code {"a","b"}}.
 */
public final class LuaTable {
  private LuaTable() {}

  public static String render(JsonNode value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      out.append("null");
    } else if (v.isTextual()) {
      out.append('"').append(v.asText()).append('"');
    } else if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      Collections.sort(keys);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(keys.get(i)).append('=');
        append(out, v.get(keys.get(i)));
      }
      out.append('}');
    } else if (v.isArray()) {
      out.append('{');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, v.get(i));
      }
      out.append('}');
    } else {
      out.append(v.asText());
    }
  }
}
