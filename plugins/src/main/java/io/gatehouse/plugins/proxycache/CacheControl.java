package io.gatehouse.plugins.proxycache;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code Cache-Control} directives as a map (name → value, {@code ""} for a bare directive). */
final class CacheControl {
  private CacheControl() {}

  static Map<String, String> parse(@Nullable String header) {
    Map<String, String> d = new HashMap<>();
    if (header == null) {
      return d;
    }
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : p.substring(eq + 1).trim().replace("\"", "");
      d.put(name, value);
    }
    return d;
  }

  static long seconds(Map<String, String> d, String name, long fallback) {
    String v = d.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** RFC 7234 freshness lifetime of a response: s-maxage, then max-age, then Expires; 0 when none. */
  static long resourceTtl(Map<String, String> d, @Nullable String expires, long nowMillis) {
    long ttl = seconds(d, "s-maxage", -1);
    if (ttl < 0) {
      ttl = seconds(d, "max-age", -1);
    }
    if (ttl < 0 && expires != null) {
      try {
        long at = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        ttl = (at - nowMillis) / 1000;
      } catch (RuntimeException e) {
        ttl = 0;
      }
    }
    return Math.max(0, ttl);
  }
}
