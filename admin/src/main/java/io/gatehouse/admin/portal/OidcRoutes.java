package io.gatehouse.admin.portal;

import io.gatehouse.admin.login.Sessions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.portal.Developer;
import io.gatehouse.store.portal.DeveloperStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The developers' API's login endpoints besides the password: {@code GET /auth} (which ways to log
 * in the pages may offer), and for a portal with an OpenID provider {@code GET /auth/oidc} (off to the
 * provider) and {@code GET /auth/oidc/callback} (back: the account, a session, and the page again).
 * Each workspace's portal has the provider its {@link PortalAuth} gives, read per request, so a
 * changed workspace config counts at once. Errors go back to the page as {@code #login_error=…}.
 */
final class OidcRoutes {
  private final OidcLogins logins;
  private final Function<WorkspaceRef, PortalAuth.Resolved> auth;
  private final WorkspacePortals portals;
  private final Sessions sessions;
  private final List<String> origins;
  private final boolean secure;

  /**
   * @param auth the login a workspace's portal offers now
   * @param origins the portal pages' origins: the only places a login may return to
   * @param secure the listener speaks HTTPS: the session cookie gets {@code Secure}
   */
  OidcRoutes(OidcLogins logins, Function<WorkspaceRef, PortalAuth.Resolved> auth, WorkspacePortals portals,
      Sessions sessions, List<String> origins, boolean secure) {
    this.secure = secure;
    this.logins = logins;
    this.auth = auth;
    this.portals = portals;
    this.sessions = sessions;
    this.origins = origins;
  }

  void register(RouteTable r) {
    r.add("/auth", "GET", (req, p) -> {
      PortalAuth.Resolved now = auth.apply(WorkspaceRef.of(p));
      ObjectNode out = Json.object().put("password", now.passwords());
      OidcLogin.Config oidc = now.oidc();
      if (oidc == null) out.putNull("openid_connect");
      else out.set("openid_connect", Json.object().put("issuer", oidc.issuer()).put("login", "/auth/oidc"));
      return AdminResponse.json(200, out);
    });
    r.add("/auth/oidc", "GET", this::start);
    r.add("/auth/oidc/callback", "GET", this::callback);
  }

  private AdminResponse start(AdminRequest req, java.util.Map<String, String> params) {
    String returnTo = req.queryParam("return_to");
    if (returnTo == null || origins.stream().noneMatch(o -> returnTo.equals(o) || returnTo.startsWith(o + "/"))) {
      return AdminResponse.message(400, "return_to must be a page of this portal");
    }
    WorkspaceRef ws = WorkspaceRef.of(params);
    OidcLogin.Config oidc = auth.apply(ws).oidc();
    if (oidc == null) return AdminResponse.message(404, "This portal has no OpenID login");
    String host = req.header("host");
    try {
      OidcLogin.Start s = logins.client(oidc).start(host == null ? "127.0.0.1" : host, returnTo, ws);
      return AdminResponse.empty(302).withHeader("Location", s.location().toString()).withHeader("Set-Cookie", s.cookie())
          .withHeader("Cache-Control", "no-store");
    } catch (OidcLogin.Failed f) {
      return back(returnTo, f.getMessage());
    }
  }

  private AdminResponse callback(AdminRequest req, java.util.Map<String, String> params) {
    OidcLogin.Identity id;
    try {
      id = logins.finish(req.queryParam("state"), req.queryParam("code"), req.queryParam("error"), req.header("cookie"),
          ws -> auth.apply(ws).oidc());
    } catch (OidcLogin.Failed f) {
      return f.returnTo == null ? AdminResponse.message(400, f.getMessage()) : back(f.returnTo, f.getMessage());
    }
    Developer d;
    try {
      d = portals.in(id.workspace().id()).accounts().identified(id.issuer(), id.subject(), id.email());
    } catch (KongException e) {
      if (e.httpStatus() == 409) {
        // a password account from before the portal became OpenID-only: never linked by address
        return back(id.returnTo(), "An account with the e-mail address " + id.email()
            + " was opened with a password; it cannot log in through the provider");
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
