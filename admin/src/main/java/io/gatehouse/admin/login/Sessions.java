package io.gatehouse.admin.login;

import io.gatehouse.store.login.LoginSessionRows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Login sessions (the portal's developers, the Manager's RBAC users): a random token (the cookie's
 * value) names a subject (a developer's or user's id) until it expires or the subject logs out.
 *
 * <p>Over {@link LoginSessionRows} the sessions live in the node's database, keyed by the token's
 * SHA-256, so they survive restarts and every node on one database knows them. Each node remembers
 * a looked-up session for {@link #RECHECK} so that a page's burst of calls costs one query: a
 * session closed on this node ends at once, one closed on another node within that bound. Without
 * rows (tests, a node with no database) the sessions live in this object only.
 */
public final class Sessions {
  /** How long a node trusts what it last read about a session before reading the row again. */
  public static final Duration RECHECK = Duration.ofSeconds(1);

  private record Known(String subjectId, long expiresAtMillis, long readAtMillis) {}

  private final String cookieName;
  private final @Nullable LoginSessionRows rows;
  // by the token's hash: the sessions themselves without rows, a short-lived cache of them with
  private final Map<String, Known> byHash = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration lifetime;

  /** Sessions in this object's memory only. @param cookieName the cookie that carries the session's token */
  public Sessions(String cookieName, Clock clock, Duration lifetime) {
    this(cookieName, clock, lifetime, null);
  }

  /** Sessions stored in {@code rows} (null: in memory only). */
  public Sessions(String cookieName, Clock clock, Duration lifetime, @Nullable LoginSessionRows rows) {
    this.cookieName = cookieName;
    this.clock = clock;
    this.lifetime = lifetime;
    this.rows = rows;
  }

  /** A new session's token. Expired (or, with rows, stale) entries are swept here, so the map stays small. */
  public String open(String subjectId) {
    long now = clock.millis();
    byHash.values().removeIf(k -> k.expiresAtMillis() <= now || (rows != null && stale(k, now)));
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    String hash = hash(token);
    long expires = now + lifetime.toMillis();
    if (rows != null) rows.insert(hash, subjectId, expires, now);
    byHash.put(hash, new Known(subjectId, expires, now));
    return token;
  }

  /** The subject of the session named by a {@code Cookie} header, if it is live. */
  public Optional<String> subject(@Nullable String cookieHeader) {
    String token = token(cookieHeader);
    if (token == null || token.isEmpty()) return Optional.empty();
    String hash = hash(token);
    long now = clock.millis();
    Known k = byHash.get(hash);
    if (rows != null && (k == null || stale(k, now))) {
      k = rows.find(hash, now).map(r -> new Known(r.subject(), r.expiresAtMillis(), now)).orElse(null);
      if (k == null) {
        byHash.remove(hash);
      } else {
        byHash.put(hash, k);
      }
    }
    if (k == null || k.expiresAtMillis() <= now) return Optional.empty();
    return Optional.of(k.subjectId());
  }

  public void close(@Nullable String cookieHeader) {
    String token = token(cookieHeader);
    if (token == null) return;
    String hash = hash(token);
    byHash.remove(hash);
    if (rows != null) rows.delete(hash);
  }

  /** Ends every session of a subject (a developer rejected or deleted, a user's password changed). */
  public void closeAll(String subjectId) {
    byHash.values().removeIf(k -> k.subjectId().equals(subjectId));
    if (rows != null) rows.deleteSubject(subjectId);
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

  /** The stored key of a token: its SHA-256 in hex (the token is 256 random bits, so no salt or stretching is needed). */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static boolean stale(Known k, long now) {
    return now - k.readAtMillis() >= RECHECK.toMillis();
  }

  private @Nullable String token(@Nullable String header) {
    if (header == null) return null;
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(cookieName + "=")) return p.substring(cookieName.length() + 1);
    }
    return null;
  }
}
