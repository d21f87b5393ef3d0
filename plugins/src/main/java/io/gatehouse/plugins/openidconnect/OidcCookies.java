package io.gatehouse.plugins.openidconnect;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.session.SessionCodec;
import io.gatehouse.plugins.session.SessionCodec.Header;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The plugin's two cookies, sealed with the session plugin's {@link SessionCodec} (AES-256-GCM
 * data, HMAC-SHA256 header, keys from the secret by HKDF): the session cookie holding the tokens
 * after a login ({@code session_*} settings: idling, rolling and absolute timeouts), and the
 * short-lived authorization cookie holding {@code state}, {@code nonce} and the PKCE verifier
 * between the redirect to the provider and its callback ({@code authorization_*} settings).
 */
final class OidcCookies {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** A session's tokens; {@code expiresAt} of the access token in epoch seconds (0: unknown). */
  record Tokens(String accessToken, @Nullable String idToken, @Nullable String refreshToken, long expiresAt) {}

  /** An open session: its header (times) and tokens. */
  record Session(Header header, Tokens tokens) {}

  /** What the callback needs to finish a login. */
  record Pending(String state, String nonce, @Nullable String verifier, String uri, String redirectUri) {}

  private final OpenIdConnectConfig c;
  private final SessionCodec codec;

  OidcCookies(OpenIdConnectConfig c, String secret) {
    this.c = c;
    this.codec = new SessionCodec(secret);
  }

  /** The session in this cookie value, or null when it is forged, of another audience, or timed out. */
  @Nullable Session openSession(@Nullable String value, long now) {
    Map<String, Object> data = open(value, "session");
    if (data == null) {
      return null;
    }
    Header h = header(value);
    long idling = (long) c.sessionIdlingTimeout();
    long rolling = (long) c.sessionRollingTimeout();
    long absolute = (long) c.sessionAbsoluteTimeout();
    if ((absolute > 0 && now >= h.createdAt() + absolute) || (rolling > 0 && now >= h.rolledAt() + rolling)
        || (idling > 0 && now >= h.seenAt() + idling) || !c.sessionAudience().equals(data.get("aud"))) {
      return null;
    }
    Tokens t = new Tokens((String) data.get("at"), (String) data.get("it"), (String) data.get("rt"),
        ((Number) data.getOrDefault("exp", 0)).longValue());
    return t.accessToken() == null ? null : new Session(h, t);
  }

  /** A new session cookie's value; {@code prior} keeps the creation time of the session it renews. */
  String sealSession(Tokens t, @Nullable Header prior, long now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("typ", "session");
    data.put("aud", c.sessionAudience());
    data.put("at", t.accessToken());
    data.put("it", t.idToken());
    data.put("rt", t.refreshToken());
    data.put("exp", t.expiresAt());
    return seal(data, new Header(0, SessionCodec.newId(), prior == null ? now : prior.createdAt(), now, now));
  }

  /** The same session with a new last-seen time, once a minute at most (idling timeout). */
  @Nullable String touched(Session s, @Nullable String value, long now) {
    long idling = (long) c.sessionIdlingTimeout();
    if (value == null || idling <= 0 || now - s.header().seenAt() < Math.max(1, Math.min(60, idling / 2))) {
      return null;
    }
    SessionCodec.Opened o = codec.open(value);
    return o == null ? null : codec.seal(o.header().touched(now), o.body());
  }

  @Nullable Pending openPending(@Nullable String value, long now) {
    Map<String, Object> data = open(value, "authorization");
    if (data == null) {
      return null;
    }
    long rolling = (long) c.authorizationRollingTimeout();
    if (rolling > 0 && now >= header(value).createdAt() + rolling) {
      return null;
    }
    return new Pending((String) data.get("state"), (String) data.get("nonce"), (String) data.get("verifier"),
        (String) data.get("uri"), (String) data.get("redirect_uri"));
  }

  String sealPending(Pending p, long now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("typ", "authorization");
    data.put("state", p.state());
    data.put("nonce", p.nonce());
    data.put("verifier", p.verifier());
    data.put("uri", p.uri());
    data.put("redirect_uri", p.redirectUri());
    return seal(data, new Header(0, SessionCodec.newId(), now, now, now));
  }

  private String seal(Map<String, Object> data, Header h) {
    try {
      return codec.seal(h, codec.encrypt(h.id(), Json.MAPPER.writeValueAsBytes(data)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private @Nullable Map<String, Object> open(@Nullable String value, String type) {
    if (value == null) {
      return null;
    }
    SessionCodec.Opened o = codec.open(value);
    if (o == null) {
      return null;
    }
    byte[] plain = codec.decrypt(o.header().id(), o.body());
    if (plain == null) {
      return null;
    }
    try {
      Map<String, Object> data = Json.MAPPER.readValue(plain, MAP);
      return type.equals(data.get("typ")) ? data : null;
    } catch (IOException e) {
      return null;
    }
  }

  private Header header(String value) {
    return java.util.Objects.requireNonNull(codec.open(value)).header();
  }

  /** {@code Set-Cookie} for the session cookie. */
  String sessionCookie(String value, boolean https) {
    return c.sessionCookieName() + "=" + value + "; " + attributes(c.sessionCookiePath(), c.sessionCookieDomain(),
        c.sessionCookieSameSite(), c.sessionCookieSecure() == null ? https : c.sessionCookieSecure(), c.sessionCookieHttpOnly());
  }

  String authorizationCookie(String value, boolean https) {
    return c.authorizationCookieName() + "=" + value + "; " + attributes(c.authorizationCookiePath(),
        c.authorizationCookieDomain(), c.authorizationCookieSameSite(),
        c.authorizationCookieSecure() == null ? https : c.authorizationCookieSecure(), c.authorizationCookieHttpOnly());
  }

  /** {@code Set-Cookie} dropping the session cookie. */
  String clearSession(boolean https) {
    return clearing(sessionCookie("", https));
  }

  String clearAuthorization(boolean https) {
    return clearing(authorizationCookie("", https));
  }

  private static String clearing(String cookie) {
    return cookie + "; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0";
  }

  /** In the session plugin's order: Path, Domain, SameSite, Secure, HttpOnly. */
  private static String attributes(String path, @Nullable String domain, String sameSite, boolean secure, boolean httpOnly) {
    List<String> a = new ArrayList<>();
    a.add("Path=" + path);
    if (domain != null) {
      a.add("Domain=" + domain);
    }
    if (!sameSite.equals("Default")) {
      a.add("SameSite=" + sameSite);
    }
    if (secure) {
      a.add("Secure");
    }
    if (httpOnly) {
      a.add("HttpOnly");
    }
    return String.join("; ", a);
  }
}
