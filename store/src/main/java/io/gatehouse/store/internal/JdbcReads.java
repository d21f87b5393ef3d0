package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The single-statement reads every JDBC store answers the same way (SQLite and PostgreSQL): each
 * on a pooled connection, with arguments checked and JDBC errors turned into Kong's code 8.
 */
public final class JdbcReads {
  private final DataSource pool;
  private final TableRegistry tables;
  private final Clock clock;
  private final BooleanSupplier closed;

  public JdbcReads(DataSource pool, TableRegistry tables, Clock clock, BooleanSupplier closed) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.tables = Objects.requireNonNull(tables, "tables");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.closed = Objects.requireNonNull(closed, "closed");
  }

  public Optional<ObjectNode> get(String table, String id) {
    tables.require(table);
    Objects.requireNonNull(id, "id");
    return read(r -> r.get(table, id));
  }

  public Optional<ObjectNode> findByUnique(String table, String field, String value) {
    TableSpec spec = tables.require(table);
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    return read(r -> r.findByUnique(spec, field, value));
  }

  public Page list(String table, PageQuery query) {
    TableSpec spec = tables.require(table);
    Objects.requireNonNull(query, "query");
    return read(r -> r.list(spec, query));
  }

  public Page listTags(PageQuery query, @Nullable String tag) {
    Objects.requireNonNull(query, "query");
    return read(r -> r.tags(query, tag));
  }

  public long version() {
    return read(EntityReader::version);
  }

  /** Whether a pooled connection answers {@code SELECT 1} right now. */
  public boolean reachable() {
    if (closed.getAsBoolean()) {
      return false;
    }
    try (Connection c = pool.getConnection(); var st = c.createStatement()) {
      st.executeQuery("SELECT 1").close();
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public <T> T read(Function<EntityReader, T> work) {
    checkOpen();
    try (Connection c = pool.getConnection()) {
      return work.apply(new EntityReader(c, clock.millis()));
    } catch (SQLException e) {
      throw Jdbc.databaseError(e);
    }
  }

  public void checkOpen() {
    if (closed.getAsBoolean()) {
      throw new IllegalStateException("the store is closed");
    }
  }
}
