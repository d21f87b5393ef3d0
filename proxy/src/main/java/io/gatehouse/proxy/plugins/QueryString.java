package io.gatehouse.proxy.plugins;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A raw query string read the way nginx's args are: {@code &}-separated, percent- and {@code +}-decoded. */
final class QueryString {
  private QueryString() {}

  /** Decoded values of one argument, in order; {@code ?a} gives {@code ""}. */
  static List<String> values(@Nullable String raw, String name) {
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    List<String> out = null;
    int start = 0;
    while (start <= raw.length()) {
      int amp = raw.indexOf('&', start);
      int end = amp < 0 ? raw.length() : amp;
      if (end > start) {
        int eq = raw.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        String n = decode(raw.substring(start, hasValue ? eq : end));
        if (n.equals(name)) {
          if (out == null) {
            out = new ArrayList<>(1);
          }
          out.add(hasValue ? decode(raw.substring(eq + 1, end)) : "");
        }
      }
      start = end + 1;
    }
    return out == null ? List.of() : out;
  }

  /** The raw query without any argument whose decoded name is {@code name}; null when nothing is left. */
  static @Nullable String without(@Nullable String raw, String name) {
    if (raw == null) {
      return null;
    }
    StringBuilder kept = new StringBuilder(raw.length());
    int start = 0;
    while (start <= raw.length()) {
      int amp = raw.indexOf('&', start);
      int end = amp < 0 ? raw.length() : amp;
      if (end > start) {
        int eq = raw.indexOf('=', start);
        String n = decode(raw.substring(start, eq >= 0 && eq < end ? eq : end));
        if (!n.equals(name)) {
          if (!kept.isEmpty()) {
            kept.append('&');
          }
          kept.append(raw, start, end);
        }
      }
      start = end + 1;
    }
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
