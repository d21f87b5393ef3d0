package io.gatehouse.store.audit;

import static io.gatehouse.store.internal.SideStatements.query;
import static io.gatehouse.store.internal.SideStatements.update;

import io.gatehouse.store.internal.ConnectionTurns;
import io.gatehouse.store.internal.Jdbc;
import io.gatehouse.store.internal.SideStatements;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code audit_requests} table (append, page newest first) and the {@code audit_objects} rows
 * that store transactions write ({@link ObjectAudit}; paged here); what expired in either is swept
 * at most once a minute, on an append. Blocking JDBC: call it off the event loop.
 */
public final class AuditLog implements AutoCloseable {
  private static final String COLUMNS = "request_id, ws_id, client_ip, method, path, status, rbac_user_id,"
      + " rbac_user_name, request_timestamp, before_digest, after_digest, expire, signature";
  private static final String OBJECT_COLUMNS = "id, request_id, ws_id, dao_name, entity_key, operation, entity,"
      + " rbac_user_id, rbac_user_name, request_timestamp, expire, signature";

  private final ConnectionTurns connections;
  private final LongSupplier clockSeconds;

  private AuditLog(ConnectionTurns connections, LongSupplier clockSeconds) {
    this.connections = connections;
    this.clockSeconds = Objects.requireNonNull(clockSeconds, "clockSeconds");
  }

  /** Over one auto-commit connection (SQLite), owned from now on. */
  public static AuditLog single(Connection connection, LongSupplier clockSeconds) {
    return new AuditLog(ConnectionTurns.single(Objects.requireNonNull(connection, "connection")), clockSeconds);
  }

  /** Over a pool of auto-commit connections (PostgreSQL), owned from now on. */
  public static AuditLog pooled(DataSource pool, LongSupplier clockSeconds) {
    return new AuditLog(ConnectionTurns.pooled(Objects.requireNonNull(pool, "pool")), clockSeconds);
  }

  public void append(AuditRecord r) {
    run(c -> {
      update(c, "INSERT INTO audit_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          r.requestId(), r.wsId(), r.clientIp(), r.method(), r.path(), r.status(), r.rbacUserId(), r.rbacUserName(),
          r.requestTimestamp(), r.beforeDigest(), r.afterDigest(), r.expire(), r.signature());
      long now = clockSeconds.getAsLong();
      connections.sweepNowAndThen(c, now * 1000, now, "DELETE FROM audit_requests WHERE expire <= ?",
          "DELETE FROM audit_objects WHERE expire <= ?");
      return null;
    });
  }

  /**
   * Up to {@code limit} unexpired rows, newest first; {@code before} (a {@link Cursor} handed out
   * earlier) resumes after the last row of the previous page.
   */
  public List<AuditRecord> page(@Nullable Cursor before, int limit) {
    return newestFirst("audit_requests", COLUMNS, "request_id", AuditLog::row, before, limit);
  }

  /**
   * Up to {@code limit} unexpired {@code audit_objects} rows, newest first; {@code before} resumes
   * after the last row of the previous page (its timestamp and record id).
   */
  public List<AuditObject> pageObjects(@Nullable Cursor before, int limit) {
    return newestFirst("audit_objects", OBJECT_COLUMNS, "id", AuditLog::objectRow, before, limit);
  }

  /** A page of a table ordered by {@code request_timestamp} then {@code key}, both descending. */
  private <T> List<T> newestFirst(String table, String columns, String key, SideStatements.Row<T> mapper,
      @Nullable Cursor before, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    long now = clockSeconds.getAsLong();
    String select = "SELECT " + columns + " FROM " + table + " WHERE expire > ?";
    String order = " ORDER BY request_timestamp DESC, " + key + " DESC LIMIT ?";
    return run(c -> before == null
        ? query(c, select + order, mapper, now, limit)
        : query(c, select + " AND (request_timestamp < ? OR (request_timestamp = ? AND " + key + " < ?))" + order,
            mapper, now, before.timestamp(), before.timestamp(), before.requestId(), limit));
  }

  private static AuditObject objectRow(ResultSet rs) throws SQLException {
    return new AuditObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getLong(11),
        rs.getString(12));
  }

  /** Where a page ended: the last row's timestamp and id (its request id, or its own id for objects). */
  public record Cursor(long timestamp, String requestId) {}

  private static AuditRecord row(ResultSet rs) throws SQLException {
    return new AuditRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getInt(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10), rs.getString(11), rs.getLong(12),
        rs.getString(13));
  }

  private <T> T run(ConnectionTurns.Work<T> work) {
    try {
      return connections.use(work);
    } catch (SQLException e) {
      throw Jdbc.databaseError("audit log operation failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      throw Jdbc.databaseError("cannot close the audit log connection: " + e.getMessage(), e);
    }
  }
}
