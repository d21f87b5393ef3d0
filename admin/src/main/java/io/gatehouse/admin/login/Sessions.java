package io.gatehouse.admin.login;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login sessions in this node's memory (the portal's developers, the Manager's RBAC users): a random
 * token (the cookie's value) names a subject (a developer's or user's id) until it expires or the
 * subject logs out. A restart logs everyone out; several nodes behind one address need sticky
 * sessions (docs/portal.md, docs/rbac.md).
 */
public final class Sessions {
  private record Session(String subjectId, long expiresAtMillis) {}

  private final String cookieName;
  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration lifetime;

  /** @param cookieName the cookie that carries the session's token */
  public Sessions(String cookieName, Clock clock, Duration lifetime) {
    this.cookieName = cookieName;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** A new session's token. Expired sessions are swept here, so the map stays as large as the live ones. */
  public String open(String subjectId) {
    long now = clock.millis();
    byToken.values().removeIf(s -> s.expiresAtMillis() <= now);
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    byToken.put(token, new Session(subjectId, now + lifetime.toMillis()));
    return token;
  }

  /** The subject of the session named by a {@code Cookie} header, if it is live. */
  public Optional<String> subject(@org.jspecify.annotations.Nullable String cookieHeader) {
    String token = token(cookieHeader);
    if (token == null) return Optional.empty();
    Session s = byToken.get(token);
    if (s == null || s.expiresAtMillis() <= clock.millis()) return Optional.empty();
    return Optional.of(s.subjectId());
  }

  public void close(@org.jspecify.annotations.Nullable String cookieHeader) {
    String token = token(cookieHeader);
    if (token != null) byToken.remove(token);
  }

  /** Ends every session of a subject (a developer rejected after login). */
  public void closeAll(String subjectId) {
    byToken.values().removeIf(s -> s.subjectId().equals(subjectId));
  }

  /** The {@code Set-Cookie} value for a token: HttpOnly, SameSite=Strict, the whole listener. */
  public String cookie(String token, boolean secure) {
    return cookie(token, secure, "/");
  }

  /** The same under {@code path} (a portal workspace's prefix, or {@code /}). */
  public String cookie(String token, boolean secure, String path) {
    return cookieName + "=" + token + "; Path=" + path + "; Max-Age=" + lifetime.toSeconds() + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  public String expired() {
    return expired("/");
  }

  public String expired(String path) {
    return cookieName + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Strict";
  }

  private @org.jspecify.annotations.Nullable String token(@org.jspecify.annotations.Nullable String header) {
    if (header == null) return null;
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(cookieName + "=")) return p.substring(cookieName.length() + 1);
    }
    return null;
  }
}
