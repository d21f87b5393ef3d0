package io.gatehouse.admin.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.admin.login.Sessions;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.login.OidcLoginRows;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The OpenID logins in progress, between the redirect to the provider and its callback, kept in the
 * node's database ({@link OidcLoginRows}, table {@code oidc_logins}): a restart in between does not
 * lose them, and any node on one database finishes a login another started. A row is named by the
 * SHA-256 of the login's {@code state}, lives {@link #LIFETIME}, and is taken once by its callback.
 */
final class PendingLogins {
  /** How long a login may take at the provider. */
  static final Duration LIFETIME = Duration.ofMinutes(10);
  // a bound on logins in progress, which anyone can start: beyond it new ones wait (the page says so)
  private static final int MAX_PENDING = 10_000;

  private final OidcLoginRows rows;
  private final Clock clock;

  PendingLogins(OidcLoginRows rows, Clock clock) {
    this.rows = Objects.requireNonNull(rows, "rows");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Stores a login that {@code state} will name at its callback. */
  void put(String state, OidcLogin.Pending p) {
    long now = clock.millis();
    if (rows.live(now) >= MAX_PENDING) throw new OidcLogin.Failed("Too many logins in progress; retry later", null);
    rows.insert(Sessions.hash(state), write(p), now + LIFETIME.toMillis(), now);
  }

  /** The login {@code state} names, removed so that it finishes once; null when unknown, expired or already taken. */
  OidcLogin.@Nullable Pending take(@Nullable String state) {
    if (state == null || state.isEmpty()) return null;
    return rows.take(Sessions.hash(state), clock.millis()).map(PendingLogins::read).orElse(null);
  }

  private static String write(OidcLogin.Pending p) {
    return Json.write(Json.object().put("provider", p.provider()).put("binding", p.binding()).put("nonce", p.nonce())
        .put("verifier", p.verifier()).put("redirect_uri", p.redirectUri()).put("return_to", p.returnTo())
        .put("workspace_id", p.workspace().id()).put("workspace_name", p.workspace().name()));
  }

  private static OidcLogin.Pending read(String text) {
    JsonNode n = Json.parse(text);
    return new OidcLogin.Pending(n.path("provider").asText(), n.path("binding").asText(), n.path("nonce").asText(),
        n.path("verifier").asText(), n.path("redirect_uri").asText(), n.path("return_to").asText(),
        new WorkspaceRef(n.path("workspace_id").asText(), n.path("workspace_name").asText()));
  }
}
