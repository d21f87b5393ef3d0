package io.gatehouse.admin.portal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Developer login sessions, in this node's memory: a random token (the cookie's value) names a
 * developer until it expires or the developer logs out. A restart logs everyone out; several
 * nodes behind one address need sticky sessions (docs/portal.md).
 */
final class Sessions {
  static final String COOKIE = "portal_session";

  private record Session(String developerId, long expiresAtMillis) {}

  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration lifetime;

  Sessions(Clock clock, Duration lifetime) {
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** A new session's token. Expired sessions are swept here, so the map stays as large as the live ones. */
  String open(String developerId) {
    long now = clock.millis();
    byToken.values().removeIf(s -> s.expiresAtMillis() <= now);
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    byToken.put(token, new Session(developerId, now + lifetime.toMillis()));
    return token;
  }

  /** The developer of the session named by a {@code Cookie} header, if it is live. */
  Optional<String> developer(@org.jspecify.annotations.Nullable String cookieHeader) {
    String token = token(cookieHeader);
    if (token == null) return Optional.empty();
    Session s = byToken.get(token);
    if (s == null || s.expiresAtMillis() <= clock.millis()) return Optional.empty();
    return Optional.of(s.developerId());
  }

  void close(@org.jspecify.annotations.Nullable String cookieHeader) {
    String token = token(cookieHeader);
    if (token != null) byToken.remove(token);
  }

  /** Ends every session of a developer (rejected after login). */
  void closeAll(String developerId) {
    byToken.values().removeIf(s -> s.developerId().equals(developerId));
  }

  /** The {@code Set-Cookie} value for a token: HttpOnly, SameSite=Strict, under {@code path} (a workspace's prefix, or {@code /}). */
  String cookie(String token, boolean secure, String path) {
    return COOKIE + "=" + token + "; Path=" + path + "; Max-Age=" + lifetime.toSeconds() + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  static String expired(String path) {
    return COOKIE + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Strict";
  }

  private static @org.jspecify.annotations.Nullable String token(@org.jspecify.annotations.Nullable String header) {
    if (header == null) return null;
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
    }
    return null;
  }
}
