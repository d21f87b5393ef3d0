package io.gatehouse.plugins.functions.pdk;

import io.gatehouse.sdk.Request;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Query strings, form bodies and header tables in the shapes OpenResty gives them to snippets. */
public final class HttpArgs {
  private HttpArgs() {}

  /** {@code ngx.decode_args}: {@code a=1&a=2&flag} gives {@code {a = {"1", "2"}, flag = true}}. */
  public static Map<String, Object> decode(@Nullable String raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = unescape(eq < 0 ? part : part.substring(0, eq));
      Object value = eq < 0 ? Boolean.TRUE : unescape(part.substring(eq + 1));
      Object old = out.get(name);
      if (old == null) {
        out.put(name, value);
      } else if (old instanceof List<?> l) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) l;
        list.add(value);
      } else {
        List<Object> list = new ArrayList<>();
        list.add(old);
        list.add(value);
        out.put(name, list);
      }
    }
    return out;
  }

  /** {@code ngx.encode_args}: a list value repeats the name, {@code true} writes the name alone, {@code false} nothing. */
  public static String encode(@Nullable Object args) {
    StringBuilder sb = new StringBuilder();
    if (args instanceof List<?> list) { // a Lua sequence: keys 1..n
      for (int i = 0; i < list.size(); i++) {
        append(sb, escape(Integer.toString(i + 1)), list.get(i));
      }
    } else if (args instanceof Map<?, ?> map) {
      map.forEach((k, v) -> append(sb, escape(String.valueOf(k)), v));
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, @Nullable Object v) {
    if (v instanceof List<?> values) {
      for (Object x : values) {
        sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(escape(text(x)));
      }
    } else if (v instanceof Boolean b) {
      if (b) {
        sb.append(sb.isEmpty() ? "" : "&").append(name);
      }
    } else if (v != null) {
      sb.append(sb.isEmpty() ? "" : "&").append(name).append('=').append(escape(text(v)));
    }
  }

  /** A plain value as Lua's tostring writes it (integral numbers without a fraction). */
  public static String text(@Nullable Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  /** {@code ngx.escape_uri}. */
  public static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ngx.unescape_uri}; a malformed escape is left as it is. */
  public static String unescape(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** Lower-case names; a repeated header is a list, as {@code ngx.req.get_headers} gives it. */
  public static Map<String, Object> headers(Request r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : r.headerNames()) {
      List<String> values = r.headers(name);
      String key = name.toLowerCase(Locale.ROOT);
      out.put(key, values.size() == 1 ? values.getFirst() : List.copyOf(values));
    }
    return out;
  }
}
