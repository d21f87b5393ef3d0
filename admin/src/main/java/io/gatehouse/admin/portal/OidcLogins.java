package io.gatehouse.admin.portal;

import io.gatehouse.admin.http.WorkspaceRef;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The OpenID logins of every workspace's portal: one client per provider configuration (the node's
 * {@code portal_auth_conf}, or a workspace's own), and one store of logins in progress
 * ({@link PendingLogins}, in the database), so a single callback address finishes a login whichever
 * workspace and provider it started with, on whichever node.
 */
final class OidcLogins {
  private final PendingLogins pending;
  // one per configuration ever in use (the node's, and each workspace's that differs): they cache
  // the provider's discovery document and keys; a handful per node, bounded by operators' writes
  private final Map<OidcLogin.Config, OidcLogin> clients = new ConcurrentHashMap<>();

  OidcLogins(PendingLogins pending) {
    this.pending = Objects.requireNonNull(pending, "pending");
  }

  /** The client for a provider configuration (the same one for an equal configuration). */
  OidcLogin client(OidcLogin.Config config) {
    return clients.computeIfAbsent(Objects.requireNonNull(config, "config"), c -> new OidcLogin(c, pending));
  }

  /**
   * Finishes the login {@code state} names, if this browser started it and its workspace still logs in
   * through the provider it started with. The login is used up whatever the outcome.
   *
   * @param current the provider configuration a workspace's portal uses now (null: none)
   * @throws OidcLogin.Failed when it cannot be finished
   */
  OidcLogin.Identity finish(@Nullable String state, @Nullable String code, @Nullable String error,
      @Nullable String cookieHeader, Function<WorkspaceRef, OidcLogin.@Nullable Config> current) {
    OidcLogin.Pending p = pending.take(state);
    if (p == null) throw new OidcLogin.Failed("Unknown or expired login; start again", null);
    if (!OidcLogin.boundTo(p, cookieHeader)) {
      throw new OidcLogin.Failed("This login was started in another browser; start again", null);
    }
    OidcLogin.Config now = current.apply(p.workspace());
    if (now == null || !now.fingerprint().equals(p.provider())) { // the operator changed the portal's login meanwhile
      throw new OidcLogin.Failed("This portal's login has changed; start again", p.returnTo());
    }
    return client(now).finish(p, code, error);
  }
}
