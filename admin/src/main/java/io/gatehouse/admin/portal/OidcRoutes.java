package io.gatehouse.admin.portal;

import io.gatehouse.admin.login.Sessions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.Developer;
import io.gatehouse.store.portal.DeveloperStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The developers' API's login endpoints besides the password: {@code GET /auth} (which ways to log
 * in the pages may offer), and with an OpenID provider configured {@code GET /auth/oidc} (off to the
 * provider) and {@code GET /auth/oidc/callback} (back: the account, a session, and the page again).
 * Errors go back to the page as {@code #login_error=…}, which it shows.
 */
final class OidcRoutes {
  private final @Nullable OidcLogin oidc;
  private final WorkspacePortals portals;
  private final Sessions sessions;
  private final List<String> origins;
  private final boolean secure;

  /**
   * @param origins the portal pages' origins: the only places a login may return to
   * @param secure the listener speaks HTTPS: the session cookie gets {@code Secure}
   */
  OidcRoutes(@Nullable OidcLogin oidc, WorkspacePortals portals, Sessions sessions, List<String> origins, boolean secure) {
    this.secure = secure;
    this.oidc = oidc;
    this.portals = portals;
    this.sessions = sessions;
    this.origins = origins;
  }

  void register(RouteTable r) {
    r.add("/auth", "GET", (req, p) -> {
      ObjectNode out = Json.object().put("password", true);
      if (oidc == null) out.putNull("openid_connect");
      else out.set("openid_connect", Json.object().put("issuer", oidc.issuer()).put("login", "/auth/oidc"));
      return AdminResponse.json(200, out);
    });
    if (oidc == null) return;
    r.add("/auth/oidc", "GET", this::start);
    r.add("/auth/oidc/callback", "GET", this::callback);
  }

  private AdminResponse start(AdminRequest req, java.util.Map<String, String> params) {
    String returnTo = req.queryParam("return_to");
    if (returnTo == null || origins.stream().noneMatch(o -> returnTo.equals(o) || returnTo.startsWith(o + "/"))) {
      return AdminResponse.message(400, "return_to must be a page of this portal");
    }
    String host = req.header("host");
    try {
      OidcLogin.Start s = oidc.start(host == null ? "127.0.0.1" : host, returnTo,
          io.gatehouse.admin.http.WorkspaceRef.of(params));
      return AdminResponse.empty(302).withHeader("Location", s.location().toString()).withHeader("Set-Cookie", s.cookie())
          .withHeader("Cache-Control", "no-store");
    } catch (OidcLogin.Failed f) {
      return back(returnTo, f.getMessage());
    }
  }

  private AdminResponse callback(AdminRequest req, java.util.Map<String, String> params) {
    OidcLogin.Identity id;
    try {
      id = oidc.finish(req.queryParam("state"), req.queryParam("code"), req.queryParam("error"), req.header("cookie"));
    } catch (OidcLogin.Failed f) {
      return f.returnTo == null ? AdminResponse.message(400, f.getMessage()) : back(f.returnTo, f.getMessage());
    }
    Developer d;
    try {
      d = portals.in(id.workspace().id()).accounts().identified(id.issuer(), id.subject(), id.email());
    } catch (KongException e) {
      if (e.httpStatus() == 409) {
        return back(id.returnTo(), "An account with the e-mail address " + id.email() + " exists; log in with its password");
      }
      if (e.httpStatus() == 400) return back(id.returnTo(), "The provider's ID token carries no e-mail address");
      throw e; // the database failed: a 500 like any other endpoint's
    }
    if (d.status() != DeveloperStatus.APPROVED) {
      return back(id.returnTo(), d.status() == DeveloperStatus.PENDING
          ? "Your account (" + d.email() + ") is waiting for approval" : "Your account was not approved");
    }
    return AdminResponse.empty(302).withHeader("Location", id.returnTo())
        .withHeader("Set-Cookie", sessions.cookie(sessions.open(d.id()), secure, DeveloperApi.cookiePath(id.workspace()))).withHeader("Cache-Control", "no-store");
  }

  private static AdminResponse back(String returnTo, String message) {
    String base = returnTo.contains("#") ? returnTo.substring(0, returnTo.indexOf('#')) : returnTo;
    return AdminResponse.empty(302).withHeader("Location", base + "#login_error="
        + URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20")).withHeader("Cache-Control", "no-store");
  }
}
