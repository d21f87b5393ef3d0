package io.gatehouse.plugins.openidconnect;

import io.gatehouse.plugins.session.CookieHeader;
import io.gatehouse.sdk.BodyType;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The credentials a request offers, read on the event loop before any waiting (Kong's places:
 * {@code Authorization: Bearer}, the {@code access-token}/{@code x-access-token} headers, the
 * {@code access_token} query or body argument, a cookie; {@code Authorization: Basic} or
 * {@code username}/{@code password} and {@code client_id}/{@code client_secret} arguments; the
 * callback's {@code code} and {@code state}; the plugin's cookies).
 *
 * @param url the request's URL without query (the default {@code redirect_uri})
 * @param uri the path and query the client asked for (where a login returns to)
 * @param logout the request asks to log out ({@code logout_methods} and the suffix or an argument)
 */
record Offer(@Nullable String bearer, @Nullable String basicUser, @Nullable String basicPassword,
    @Nullable String username, @Nullable String password, @Nullable String clientId, @Nullable String clientSecret,
    @Nullable String code, @Nullable String state, @Nullable String sessionCookie, @Nullable String authorizationCookie,
    String url, String uri, boolean https, boolean logout) {

  static Offer of(Request r, @Nullable RequestBody body, OpenIdConnectConfig c) {
    String authorization = r.header("Authorization");
    String bearer = null;
    String basicUser = null;
    String basicPassword = null;
    if (authorization != null) {
      String lower = authorization.toLowerCase(Locale.ROOT);
      if (lower.startsWith("bearer ") && c.bearerTokenParamType().contains("header")) {
        bearer = authorization.substring(7).strip();
      } else if (lower.startsWith("basic ")) {
        String[] up = basic(authorization.substring(6).strip());
        if (up != null) {
          basicUser = up[0];
          basicPassword = up[1];
        }
      }
    }
    List<String> bt = c.bearerTokenParamType();
    if (bearer == null && bt.contains("header")) {
      bearer = firstNonNull(r.header("access-token"), r.header("x-access-token"));
    }
    if (bearer == null && bt.contains("query")) {
      bearer = query(r, "access_token");
    }
    if (bearer == null && bt.contains("body")) {
      bearer = body(body, "access_token");
    }
    if (bearer == null && bt.contains("cookie") && c.bearerTokenCookieName() != null) {
      bearer = CookieHeader.find(r, c.bearerTokenCookieName());
    }
    List<String> pt = c.passwordParamType();
    List<String> ct = c.clientCredentialsParamType();
    String url = r.scheme() + "://" + hostPort(r) + r.path();
    String uri = r.rawQuery() == null ? r.path() : r.path() + "?" + r.rawQuery();
    return new Offer(bearer == null || bearer.isEmpty() ? null : bearer,
        pt.contains("header") || ct.contains("header") ? basicUser : null,
        pt.contains("header") || ct.contains("header") ? basicPassword : null,
        arg(r, body, pt, "username"), arg(r, body, pt, "password"),
        arg(r, body, ct, "client_id"), arg(r, body, ct, "client_secret"),
        query(r, "code"), query(r, "state"),
        CookieHeader.find(r, c.sessionCookieName()), CookieHeader.find(r, c.authorizationCookieName()),
        url, uri, "https".equals(r.scheme()), logout(r, body, c));
  }

  /** Kong's logout test: a logout method, and the URI suffix, the query argument or the body argument. */
  private static boolean logout(Request r, @Nullable RequestBody body, OpenIdConnectConfig c) {
    if (!c.logoutMethods().contains(r.method())) {
      return false;
    }
    return c.logoutUriSuffix() != null && r.path().endsWith(c.logoutUriSuffix())
        || c.logoutQueryArg() != null && r.hasQueryArg(c.logoutQueryArg())
        || c.logoutPostArg() != null && body(body, c.logoutPostArg()) != null;
  }

  /** Whether the client sent any credential (then a failure is an error, not a reason to log in). */
  boolean hasCredential() {
    return bearer != null || basicUser != null || (username != null && password != null)
        || (clientId != null && clientSecret != null);
  }

  private static String hostPort(Request r) {
    boolean standard = r.port() == ("https".equals(r.scheme()) ? 443 : 80);
    return standard ? r.host() : r.host() + ":" + r.port();
  }

  private static @Nullable String arg(Request r, @Nullable RequestBody body, List<String> types, String name) {
    String v = types.contains("query") ? query(r, name) : null;
    return v == null && types.contains("body") ? body(body, name) : v;
  }

  private static @Nullable String query(Request r, String name) {
    List<String> v = r.queryArgs(name);
    return v.isEmpty() || v.getFirst().isEmpty() ? null : v.getFirst();
  }

  private static @Nullable String body(@Nullable RequestBody body, String name) {
    if (body == null) {
      return null;
    }
    if (body.type() == BodyType.FORM) {
      List<String> v = body.form().get(name);
      return v == null || v.isEmpty() || v.getFirst().isEmpty() ? null : v.getFirst();
    }
    if (body.type() == BodyType.JSON) {
      try {
        return body.json() instanceof Map<?, ?> m && m.get(name) instanceof String s && !s.isEmpty() ? s : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static String @Nullable [] basic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }
}
