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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OidcLogins.class);

  private final PendingLogins pending;
  private volatile Portal.SecretReferences references = Portal.SecretReferences.NONE;
  // one per configuration ever in use (the node's, and each workspace's that differs): they cache
  // the provider's discovery document and keys; a handful per node, bounded by operators' writes
  private final Map<OidcLogin.Config, OidcLogin> clients = new ConcurrentHashMap<>();

  OidcLogins(PendingLogins pending) {
    this.pending = Objects.requireNonNull(pending, "pending");
  }

  /** Resolves a {@code client_secret} that is a {@code {vault://…}} reference, at each code exchange. */
  void withReferences(Portal.SecretReferences references) {
    this.references = Objects.requireNonNull(references, "references");
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
    return client(now).finish(p, secret(now, p), code, error);
  }

  /**
   * The client secret to exchange the code with: a reference is resolved now (the configuration, and
   * its fingerprint, keep the reference), so a rotated secret counts without a change to the workspace.
   */
  private @Nullable String secret(OidcLogin.Config config, OidcLogin.Pending p) {
    String secret = config.clientSecret();
    if (secret == null || !secret.startsWith("{vault://")) return secret;
    try {
      return references.resolve(secret);
    } catch (RuntimeException e) { // the operator's to fix; the developer learns only that it failed
      LOG.warn("portal {}: cannot resolve portal_auth_conf's client_secret {}: {}", p.workspace().name(), secret,
          e.getMessage());
      throw new OidcLogin.Failed("This portal's login is misconfigured; tell its operator", p.returnTo());
    }
  }
}
