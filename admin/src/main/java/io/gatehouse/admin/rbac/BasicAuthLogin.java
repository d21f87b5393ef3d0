package io.gatehouse.admin.rbac;

import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.login.Passwords;
import io.gatehouse.admin.login.Sessions;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.RbacUser;
import io.gatehouse.store.rbac.Workspaces;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Kong Enterprise's Manager login with {@code admin_gui_auth = basic-auth}: {@code GET /auth} with
 * {@code Authorization: Basic} (and Kong Manager's {@code Kong-Admin-User}, which must then name the
 * same user) checks an RBAC user's password and opens a server-side session whose cookie
 * authenticates later calls; {@code DELETE /auth} ends it. Sessions live in the RBAC tables' database
 * ({@code login_sessions}), so they outlive a restart and every node on that database knows them. The user's token still works as before.
 */
final class BasicAuthLogin {
  private final RbacStore store;
  private final Passwords passwords;
  private final Sessions sessions;
  private final LoginSessions conf;
  // verified when the user is unknown or has no password, so every miss costs one Argon2 hash
  private final String decoy;

  BasicAuthLogin(RbacStore store, Passwords passwords, LoginSessions conf, Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.conf = conf;
    this.sessions = new Sessions(conf.cookieName(), clock, conf.lifetime(), store.sessions(conf.cookieName()));
    this.decoy = passwords.hash(UUID.randomUUID().toString());
  }

  /** Whether {@code req} carries basic credentials (else {@code GET /auth} is an ordinary authenticated read). */
  static boolean hasBasic(AdminRequest req) {
    String h = req.header("authorization");
    return h != null && h.regionMatches(true, 0, "Basic ", 0, 6);
  }

  /** The enabled user whose password the basic credentials carry, or empty. */
  Optional<RbacUser> verify(AdminRequest req) {
    String[] pair = credentials(req.header("authorization"));
    String named = req.header("kong-admin-user");
    if (pair == null || (named != null && !named.equals(pair[0]))) {
      passwords.matches("", decoy);
      return Optional.empty();
    }
    Optional<RbacUser> u = store.users().find(Workspaces.DEFAULT_ID, pair[0]).filter(x -> x.name().equals(pair[0]));
    String hash = u.flatMap(x -> store.users().passwordHash(x.id())).orElse(decoy);
    boolean ok = passwords.matches(pair[1], hash) && u.isPresent() && !hash.equals(decoy);
    return ok ? u.filter(RbacUser::enabled) : Optional.empty();
  }

  /** A new session for {@code u}: the answer gets its cookie. */
  AdminResponse opened(RbacUser u, AdminResponse answer) {
    return answer.withHeader("Set-Cookie", sessions.cookie(sessions.open(u.id()), conf.secure()));
  }

  /** The enabled user of the session the request's cookie names, if it is live. */
  Optional<RbacUser> sessionUser(AdminRequest req) {
    return sessions.subject(req.header("cookie"))
        .flatMap(id -> store.users().find(Workspaces.DEFAULT_ID, id))
        .filter(RbacUser::enabled);
  }

  /** Ends the request's session (if any) and tells the browser to drop the cookie. */
  AdminResponse logout(AdminRequest req) {
    sessions.close(req.header("cookie"));
    return AdminResponse.empty(204).withHeader("Set-Cookie", sessions.expired());
  }

  /** Ends every session of the user (its password changed, or it was deleted). */
  void closeAll(String userId) {
    sessions.closeAll(userId);
  }

  /** {@code [user, password]} from a Basic header, or null when it is not one. */
  private static String @Nullable [] credentials(@Nullable String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
