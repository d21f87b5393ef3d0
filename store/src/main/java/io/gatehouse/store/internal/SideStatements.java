package io.gatehouse.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Plain statements for the side tables (RBAC, audit): bind, run, map rows. Text parameters may be
 * null (bound as VARCHAR, which PostgreSQL needs), longs and ints are bound as such, booleans as
 * 0/1.
 */
public final class SideStatements {
  private SideStatements() {}

  /** Maps the current row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public static int update(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  public static <T> List<T> query(Connection c, String sql, Row<T> row, @Nullable Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.map(rs));
        }
        return out;
      }
    }
  }

  public static <T> Optional<T> one(Connection c, String sql, Row<T> row, @Nullable Object... args) throws SQLException {
    List<T> rows = query(c, sql, row, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  /** Runs {@code work} as one transaction on {@code c} (which is in auto-commit outside it). */
  public static <T> T inTransaction(Connection c, ConnectionTurns.Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T out = work.run(c);
      c.commit();
      return out;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Whether {@code e} reports a unique or primary key conflict (SQLite and PostgreSQL). */
  public static boolean isUniqueViolation(SQLException e) {
    String state = e.getSQLState();
    String message = e.getMessage() == null ? "" : e.getMessage();
    return "23505".equals(state) || message.contains("UNIQUE constraint failed")
        || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY");
  }

  private static void bind(PreparedStatement ps, @Nullable Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      switch (a) {
        case null -> ps.setNull(i + 1, Types.VARCHAR);
        case Long l -> ps.setLong(i + 1, l);
        case Integer n -> ps.setInt(i + 1, n);
        case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
        default -> ps.setString(i + 1, a.toString());
      }
    }
  }
}
