package io.gatehouse.plugins.openidconnect;

import io.gatehouse.core.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reading a token's claims the way Kong's settings name them: a claim is a path into nested
 * objects ({@code ["realm_access", "roles"]}); its values are an array's elements or a string's
 * space-separated words ({@code scope}).
 */
final class Claims {
  private Claims() {}

  /** The value at {@code path}, or null. */
  static @Nullable Object find(Map<String, Object> claims, List<String> path) {
    Object at = claims;
    for (String name : path) {
      if (!(at instanceof Map<?, ?> m)) {
        return null;
      }
      at = m.get(name);
    }
    return at;
  }

  /** The values at {@code path}: array elements, or a string split on spaces; empty when absent. */
  static List<String> values(Map<String, Object> claims, List<String> path) {
    Object v = find(claims, path);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o != null) {
          out.add(text(o));
        }
      }
    } else if (v instanceof String s) {
      Arrays.stream(s.split(" ")).filter(w -> !w.isEmpty()).forEach(out::add);
    } else if (v != null) {
      out.add(text(v));
    }
    return out;
  }

  /**
   * Kong's {@code *_required}: the claim must hold every word of at least one entry
   * ({@code ["a b", "c"]} is (a and b) or c). Null or empty: nothing required.
   */
  static boolean satisfies(Map<String, Object> claims, List<String> path, @Nullable List<String> required) {
    if (required == null || required.isEmpty()) {
      return true;
    }
    List<String> have = values(claims, path);
    for (String entry : required) {
      if (Arrays.stream(entry.split(" ")).filter(w -> !w.isEmpty()).allMatch(have::contains)) {
        return true;
      }
    }
    return false;
  }

  /** A header value for a claim: strings as they are, arrays joined with {@code ", "}, objects as JSON. */
  static @Nullable String headerValue(@Nullable Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(o -> parts.add(text(o)));
      return String.join(", ", parts);
    }
    return text(v);
  }

  private static String text(@Nullable Object o) {
    if (o instanceof String s) {
      return s;
    }
    if (o instanceof Map<?, ?> || o instanceof List<?>) {
      try {
        return Json.MAPPER.writeValueAsString(o);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return String.valueOf(o);
      }
    }
    return String.valueOf(o);
  }
}
