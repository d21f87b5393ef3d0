package io.gatehouse.plugins.session;

import io.gatehouse.sdk.Request;
import org.jspecify.annotations.Nullable;

/** Reads one cookie from the request's {@code Cookie} headers (RFC 6265: {@code a=1; b=2}); also used by openid-connect. */
public final class CookieHeader {
  private CookieHeader() {}

  /** The first value of cookie {@code name}, or null. */
  public static @Nullable String find(Request request, String name) {
    for (String header : request.headers("Cookie")) {
      int i = 0;
      while (i < header.length()) {
        int end = header.indexOf(';', i);
        if (end < 0) {
          end = header.length();
        }
        int eq = header.indexOf('=', i);
        if (eq > 0 && eq < end && header.substring(i, eq).strip().equals(name)) {
          String v = header.substring(eq + 1, end).strip();
          return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        }
        i = end + 1;
      }
    }
    return null;
  }
}
