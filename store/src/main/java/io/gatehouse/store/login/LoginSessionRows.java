package io.gatehouse.store.login;

import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.store.internal.ConnectionTurns;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code login_sessions} table: one row per live Manager or portal login, named by the hash of
 * its token (the caller hashes; this class never sees a token). Blocking JDBC over the connections
 * of the store it came from ({@code RbacStore.sessions()}, {@code PortalStore.sessions()}).
 */
public final class LoginSessionRows {
  /** Expired rows removed per sweep, so one sweep stays a short statement however many piled up. */
  static final int SWEEP_LIMIT = HashedRows.SWEEP_LIMIT;

  /** A stored session: whose it is and until when (epoch millis). */
  public record Row(String subject, long expiresAtMillis) {}

  private final HashedRows rows;
  private final String kind;

  /**
   * @param kind the rows this view reads and writes (the cookie's name: a Manager and a portal
   *     session never answer for each other)
   */
  public LoginSessionRows(ConnectionTurns connections, String kind) {
    this.rows = new HashedRows(connections, "login_sessions", "token_hash");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public void insert(String tokenHash, String subject, long expiresAtMillis, long nowMillis) {
    rows.run(c -> update(c, "INSERT INTO login_sessions (token_hash, kind, subject, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
        tokenHash, kind, subject, expiresAtMillis, nowMillis));
    sweepNowAndThen(nowMillis);
  }

  /** The live session of that hash; an expired one is deleted as it is found. */
  public Optional<Row> find(String tokenHash, long nowMillis) {
    Optional<Row> row = rows.run(c -> one(c, "SELECT subject, expires_at FROM login_sessions WHERE token_hash = ? AND kind = ?",
        rs -> new Row(rs.getString(1), rs.getLong(2)), tokenHash, kind));
    if (row.isPresent() && row.get().expiresAtMillis() <= nowMillis) {
      delete(tokenHash);
      return Optional.empty();
    }
    sweepNowAndThen(nowMillis);
    return row;
  }

  public void delete(String tokenHash) {
    rows.run(c -> update(c, "DELETE FROM login_sessions WHERE token_hash = ? AND kind = ?", tokenHash, kind));
  }

  /** Deletes every session of {@code subject}; returns how many there were. */
  public int deleteSubject(String subject) {
    return rows.run(c -> update(c, "DELETE FROM login_sessions WHERE kind = ? AND subject = ?", kind, subject));
  }

  /** Deletes up to {@link #SWEEP_LIMIT} expired rows (of any kind) when a minute has passed since the last sweep. */
  void sweepNowAndThen(long nowMillis) {
    rows.sweepNowAndThen(nowMillis);
  }

  /** Deletes up to {@link #SWEEP_LIMIT} expired rows of any kind; returns how many. */
  public int sweep(long nowMillis) {
    return rows.sweep(nowMillis);
  }
}
