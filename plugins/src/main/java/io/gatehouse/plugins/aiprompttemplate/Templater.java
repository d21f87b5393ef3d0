package io.gatehouse.plugins.aiprompttemplate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kong's templater: {@code {{name}}} placeholders filled with JSON-escaped string properties. */
final class Templater {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

  private Templater() {}

  /**
   * @throws IllegalArgumentException with Kong's message: properties that are not an object of
   *     strings, or placeholders left without a value
   */
  static String render(String template, Object properties) {
    if (!(properties instanceof Map<?, ?> props)) throw new IllegalArgumentException("properties must be an object");
    for (Object v : props.values()) {
      if (!(v instanceof String)) throw new IllegalArgumentException("property values must be a string, got " + luaType(v));
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = props.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : escape((String) value)));
    }
    m.appendTail(out);
    Set<String> missing = new LinkedHashSet<>();
    Matcher left = PLACEHOLDER.matcher(out);
    while (left.find()) missing.add("[" + left.group(1) + "]");
    if (!missing.isEmpty()) throw new IllegalArgumentException("missing template parameters: " + String.join(", ", missing));
    return out.toString();
  }

  /** What Lua's {@code type} calls a decoded JSON value (cjson's null is userdata). */
  private static String luaType(Object v) {
    if (v == null) return "userdata";
    if (v instanceof Number) return "number";
    if (v instanceof Boolean) return "boolean";
    if (v instanceof Map<?, ?> || v instanceof List<?>) return "table";
    return "string";
  }

  /** A string as cjson encodes it, without the quotes (it escapes {@code /} too). */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '/' -> b.append("\\/");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
