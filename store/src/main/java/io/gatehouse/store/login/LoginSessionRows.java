package io.gatehouse.store.login;

import static io.gatehouse.store.internal.SideStatements.one;
import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code login_sessions} table: one row per live Manager or portal login, named by the hash of
 * its token (the caller hashes; this class never sees a token). Blocking JDBC over the connections
 * of the store it came from ({@code RbacStore.sessions()}, {@code PortalStore.sessions()}).
 */
public final class LoginSessionRows {
  /** Expired rows removed per sweep, so one sweep stays a short statement however many piled up. */
  static final int SWEEP_LIMIT = 1000;
  private static final long SWEEP_EVERY_MILLIS = 60_000;
  private static final String SWEEP = "DELETE FROM login_sessions WHERE token_hash IN"
      + " (SELECT token_hash FROM login_sessions WHERE expires_at <= ? LIMIT " + SWEEP_LIMIT + ")";

  /** A stored session: whose it is and until when (epoch millis). */
  public record Row(String subject, long expiresAtMillis) {}

  private final ConnectionTurns connections;
  private final String kind;
  private final AtomicLong lastSweep = new AtomicLong();

  /**
   * @param kind the rows this view reads and writes (the cookie's name: a Manager and a portal
   *     session never answer for each other)
   */
  public LoginSessionRows(ConnectionTurns connections, String kind) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public void insert(String tokenHash, String subject, long expiresAtMillis, long nowMillis) {
    run(c -> update(c, "INSERT INTO login_sessions (token_hash, kind, subject, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
        tokenHash, kind, subject, expiresAtMillis, nowMillis));
    sweepNowAndThen(nowMillis);
  }

  /** The live session of that hash; an expired one is deleted as it is found. */
  public Optional<Row> find(String tokenHash, long nowMillis) {
    Optional<Row> row = run(c -> one(c, "SELECT subject, expires_at FROM login_sessions WHERE token_hash = ? AND kind = ?",
        rs -> new Row(rs.getString(1), rs.getLong(2)), tokenHash, kind));
    if (row.isPresent() && row.get().expiresAtMillis() <= nowMillis) {
      delete(tokenHash);
      return Optional.empty();
    }
    sweepNowAndThen(nowMillis);
    return row;
  }

  public void delete(String tokenHash) {
    run(c -> update(c, "DELETE FROM login_sessions WHERE token_hash = ? AND kind = ?", tokenHash, kind));
  }

  /** Deletes every session of {@code subject}; returns how many there were. */
  public int deleteSubject(String subject) {
    return run(c -> update(c, "DELETE FROM login_sessions WHERE kind = ? AND subject = ?", kind, subject));
  }

  /** Deletes up to {@link #SWEEP_LIMIT} expired rows (of any kind) when a minute has passed since the last sweep. */
  void sweepNowAndThen(long nowMillis) {
    long last = lastSweep.get();
    if (nowMillis - last >= SWEEP_EVERY_MILLIS && lastSweep.compareAndSet(last, nowMillis)) {
      sweep(nowMillis);
    }
  }

  /** Deletes up to {@link #SWEEP_LIMIT} expired rows of any kind; returns how many. */
  public int sweep(long nowMillis) {
    return run(c -> update(c, SWEEP, nowMillis));
  }

  private <T> T run(ConnectionTurns.Work<T> work) {
    try {
      return connections.use(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError("login session operation failed: " + e.getMessage(), e);
    }
  }
}
