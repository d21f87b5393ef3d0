package io.gatehouse.proxy.plugins;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A raw query string read the way nginx's args are: {@code &}-separated, percent- and {@code +}-decoded. */
final class QueryString {
  private QueryString() {}

  /** Sees one argument: its raw bounds in the query, and where its value starts (-1 for none). */
  private interface ArgVisitor {
    void visit(int start, int end, int valueStart, String decodedName);
  }

  private static void forEach(String raw, ArgVisitor v) {
    int start = 0;
    while (start <= raw.length()) {
      int amp = raw.indexOf('&', start);
      int end = amp < 0 ? raw.length() : amp;
      if (end > start) {
        int eq = raw.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        v.visit(start, end, hasValue ? eq + 1 : -1, decode(raw.substring(start, hasValue ? eq : end)));
      }
      start = end + 1;
    }
  }

  /** Decoded values of one argument, in order; {@code ?a} gives {@code ""}. */
  static List<String> values(@Nullable String raw, String name) {
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(1);
    forEach(raw, (start, end, valueStart, n) -> {
      if (n.equals(name)) {
        out.add(valueStart < 0 ? "" : decode(raw.substring(valueStart, end)));
      }
    });
    return out;
  }

  /** The raw query without any argument whose decoded name is {@code name}; null when nothing is left. */
  static @Nullable String without(@Nullable String raw, String name) {
    if (raw == null) {
      return null;
    }
    StringBuilder kept = new StringBuilder(raw.length());
    forEach(raw, (start, end, valueStart, n) -> {
      if (!n.equals(name)) {
        kept.append(kept.isEmpty() ? "" : "&").append(raw, start, end);
      }
    });
    return kept.isEmpty() ? null : kept.toString();
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a broken escape stays as sent, like nginx
    }
  }
}
