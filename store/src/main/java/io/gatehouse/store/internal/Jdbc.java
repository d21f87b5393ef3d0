package io.gatehouse.store.internal;

import io.gatehouse.core.error.ErrorCode;
import io.gatehouse.core.error.KongException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small JDBC helpers: bind, run, map rows, and turn every {@link SQLException} into code 8. */
public final class Jdbc {
  private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

  private Jdbc() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** JDBC work that may throw. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run() throws SQLException;
  }

  public static <T> T call(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw databaseError(e);
    }
  }

  public static KongException databaseError(SQLException e) {
    return databaseError("database error: " + e.getMessage(), e);
  }

  /**
   * Code 8 with {@code message}. The cause is logged (debug) rather than attached: core's
   * {@code KongException.databaseError(message, cause)} throws from {@code initCause} because
   * KongException is constructed with a fixed null cause. Every store builds code 8 here until
   * core fixes that.
   */
  public static KongException databaseError(String message, Throwable cause) {
    LOG.debug("{}", message, cause);
    return new KongException(ErrorCode.DATABASE_ERROR, message, null);
  }

  public static int update(Connection c, String sql, @Nullable Object... args) {
    return call(() -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        return ps.executeUpdate();
      }
    });
  }

  /** Runs a statement without parameters (BEGIN, SAVEPOINT …). */
  public static void execute(Connection c, String sql) {
    call(() -> {
      try (var st = c.createStatement()) {
        st.execute(sql);
        return null;
      }
    });
  }

  public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, @Nullable Object... args) {
    return call(() -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          List<T> out = new ArrayList<>();
          while (rs.next()) {
            out.add(mapper.map(rs));
          }
          return out;
        }
      }
    });
  }

  public static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, @Nullable Object... args) {
    List<T> rows = query(c, sql, mapper, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void bind(PreparedStatement ps, @Nullable Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        // the only nullable parameter we bind is expires_at; PostgreSQL wants the type
        ps.setNull(i + 1, Types.BIGINT);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, a.toString());
      }
    }
  }
}
