package io.gatehouse.plugins.session;

import io.gatehouse.plugins.session.SessionCodec.Header;
import io.gatehouse.sdk.Snapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One session instance's config as requests use it: the codec keyed by the secret, timeouts in whole
 * seconds, and the cookie attributes in Kong's order ({@code name=value; Path; Domain; SameSite;
 * Secure; HttpOnly}, then {@code Expires; Max-Age} for the persistent remember cookie).
 */
record SessionRules(SessionConfig config, SessionCodec codec, Snapshot snapshot, boolean kongStorage,
    Timeouts session, Timeouts remember, long staleTtl, String attributes) {

  /** The timeouts one cookie is checked against (seconds, 0: off). */
  record Timeouts(long idling, long rolling, long absolute) {

    /** Whether a cookie with this header is still valid at {@code now}. */
    boolean valid(Header h, long now) {
      return (absolute <= 0 || now < h.createdAt() + absolute)
          && (rolling <= 0 || now < h.rolledAt() + rolling)
          && (idling <= 0 || now < h.seenAt() + idling);
    }

    /** When the rolling or absolute timeout ends (epoch seconds), whichever first; Long.MAX_VALUE without. */
    long deadline(Header h) {
      long d = Long.MAX_VALUE;
      if (absolute > 0) {
        d = Math.min(d, h.createdAt() + absolute);
      }
      if (rolling > 0) {
        d = Math.min(d, h.rolledAt() + rolling);
      }
      return d;
    }

    /** Seconds left before the cookie is invalid for any reason ({@code Session-Timeout}). */
    long remaining(Header h, long now) {
      long d = deadline(h);
      if (idling > 0) {
        d = Math.min(d, h.seenAt() + idling);
      }
      return d == Long.MAX_VALUE ? 0 : Math.max(0, d - now);
    }

    /** A valid session is renewed (new id, new rolling window) once three quarters of the window have gone. */
    boolean needsRenewal(Header h, long now) {
      return rolling > 0 && now - h.rolledAt() >= rolling - rolling / 4;
    }

    /** The last-seen time is refreshed at most once a minute, and before half the idle window has gone. */
    boolean needsTouch(Header h, long now) {
      return idling > 0 && now - h.seenAt() >= Math.max(1, Math.min(60, idling / 2));
    }
  }

  // IMF-fixdate (RFC 9110): two-digit day, as nginx and lua-resty-session write it
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

  static SessionRules of(SessionConfig c, Snapshot snapshot) {
    if (c.secret() == null || c.secret().isEmpty()) {
      throw new IllegalArgumentException("session: secret must be set");
    }
    List<String> attrs = new ArrayList<>();
    attrs.add("Path=" + c.cookiePath());
    if (c.cookieDomain() != null) {
      attrs.add("Domain=" + c.cookieDomain());
    }
    if (!c.cookieSameSite().equals("Default")) {
      attrs.add("SameSite=" + c.cookieSameSite());
    }
    if (c.cookieSecure()) {
      attrs.add("Secure");
    }
    if (c.cookieHttpOnly()) {
      attrs.add("HttpOnly");
    }
    return new SessionRules(c, new SessionCodec(c.secret()), snapshot, c.storage().equals("kong"),
        new Timeouts(seconds(c.idlingTimeout()), seconds(c.rollingTimeout()), seconds(c.absoluteTimeout())),
        new Timeouts(0, seconds(c.rememberRollingTimeout()), seconds(c.rememberAbsoluteTimeout())),
        seconds(c.staleTtl()), String.join("; ", attrs));
  }

  private static long seconds(double s) {
    return (long) Math.ceil(s);
  }

  /** The session cookie (a browser-session cookie). */
  String sessionCookie(String value) {
    return config.cookieName() + "=" + value + "; " + attributes;
  }

  /** The remember cookie: persistent for the remember rolling timeout. */
  String rememberCookie(String value, long nowSeconds) {
    long maxAge = remember.rolling() > 0 ? remember.rolling() : remember.absolute();
    return config.rememberCookieName() + "=" + value + "; " + attributes + "; Expires="
        + HTTP_DATE.format(Instant.ofEpochSecond(nowSeconds + maxAge)) + "; Max-Age=" + maxAge;
  }

  /** A cookie that makes the browser drop {@code name}. */
  String clearing(String name) {
    return name + "=; " + attributes + "; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0";
  }

  Set<String> requestHeaders() {
    return config.requestHeaders() == null ? Set.of() : config.requestHeaders();
  }

  Set<String> responseHeaders() {
    return config.responseHeaders() == null ? Set.of() : config.responseHeaders();
  }

  int flags(boolean rememberCookie) {
    return (kongStorage ? SessionCodec.KONG_STORAGE : 0) | (rememberCookie ? SessionCodec.REMEMBER : 0);
  }
}
