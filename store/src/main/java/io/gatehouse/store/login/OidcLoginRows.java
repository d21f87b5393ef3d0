package io.gatehouse.store.login;

import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.store.internal.ConnectionTurns;
import java.util.Optional;

/**
 * The {@code oidc_logins} table: the portal's OpenID logins in progress, one row per login named by
 * the hash of its {@code state} (the caller hashes), holding the rest as JSON text this class does
 * not read. A row is taken once: of two callbacks with one state, on one node or two, one gets it.
 * Blocking JDBC over the connections of the store it came from ({@code PortalStore.oidcLogins()}).
 */
public final class OidcLoginRows {
  private final HashedRows rows;

  public OidcLoginRows(ConnectionTurns connections) {
    this.rows = new HashedRows(connections, "oidc_logins", "state_hash");
  }

  public void insert(String stateHash, String login, long expiresAtMillis, long nowMillis) {
    rows.run(c -> update(c, "INSERT INTO oidc_logins (state_hash, login, expires_at, created_at) VALUES (?, ?, ?, ?)",
        stateHash, login, expiresAtMillis, nowMillis));
    rows.sweepNowAndThen(nowMillis);
  }

  /**
   * Takes the login of that hash: deletes its row and returns its JSON text when it was there, not
   * expired, and this call's delete was the one that removed it (a replayed callback gets nothing).
   */
  public Optional<String> take(String stateHash, long nowMillis) {
    return rows.run(c -> {
      Optional<String> login = one(c, "SELECT login FROM oidc_logins WHERE state_hash = ? AND expires_at > ?",
          rs -> rs.getString(1), stateHash, nowMillis);
      boolean mine = update(c, "DELETE FROM oidc_logins WHERE state_hash = ?", stateHash) == 1;
      return mine ? login : Optional.<String>empty();
    });
  }

  /** How many logins are in progress (not expired). */
  public int live(long nowMillis) {
    return rows.run(c -> one(c, "SELECT COUNT(*) FROM oidc_logins WHERE expires_at > ?", rs -> rs.getInt(1), nowMillis))
        .orElse(0);
  }

  /** Deletes a bounded batch (a thousand) of expired rows; returns how many. */
  public int sweep(long nowMillis) {
    return rows.sweep(nowMillis);
  }
}
