package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec.ForeignKey;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.audit.AuditObject;
import io.gatehouse.store.audit.ObjectAudit;
import io.gatehouse.store.internal.Expiry.Stored;
import io.gatehouse.store.internal.IndexKeys.Ref;
import io.gatehouse.store.internal.IndexKeys.UniqueKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One write transaction over a connection the caller has already put in a transaction (and holds
 * the store's write lock for). Keeps {@code entity_unique}, {@code entity_refs} and
 * {@code entity_tags} in step with {@code entities} and enforces Kong's codes 3, 4 and 5.
 *
 * <p>Each operation runs inside its own savepoint, so one that fails leaves the transaction as it
 * was and the caller's work may catch the error and go on.
 */
public final class JdbcWriteTransaction implements StoreTransaction {
  private final Connection c;
  private final TableRegistry tables;
  private final long now;
  private final EntityReader reader;
  private boolean dirty;
  private boolean open = true;
  private ObjectAudit.@Nullable Scope audit;

  public JdbcWriteTransaction(Connection c, TableRegistry tables, long nowMillis) {
    this.c = c;
    this.tables = tables;
    this.now = nowMillis;
    this.reader = new EntityReader(c, nowMillis);
  }

  @Override
  public ObjectNode insert(String table, ObjectNode entity) {
    TableSpec spec = tables.require(table);
    String id = IndexKeys.requireId(entity);
    return atomically(() -> {
      if (exists(table, id)) {
        throw KongException.primaryKeyViolation(id);
      }
      return write(spec, id, entity, false);
    });
  }

  @Override
  public ObjectNode upsert(String table, ObjectNode entity) {
    TableSpec spec = tables.require(table);
    String id = IndexKeys.requireId(entity);
    return atomically(() -> write(spec, id, entity, exists(table, id)));
  }

  @Override
  public boolean delete(String table, String id) {
    tables.require(table);
    Objects.requireNonNull(id, "id");
    checkOpen();
    if (reader.get(table, id).isEmpty()) {
      return false;
    }
    return atomically(() -> {
      deletePlanned(plan(table, id));
      return true;
    });
  }

  @Override
  public <T> T sideTables(SideWork<T> work) throws SQLException {
    Objects.requireNonNull(work, "work");
    checkOpen();
    return inSavepoint(work);
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    checkOpen();
    tables.require(table);
    return reader.get(table, Objects.requireNonNull(id, "id"));
  }

  @Override
  public Optional<ObjectNode> findByUnique(String workspace, String table, String field, String value) {
    checkOpen();
    return reader.findByUnique(tables.require(table), Objects.requireNonNull(workspace, "workspace"),
        Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
  }

  @Override
  public io.gatehouse.store.Page list(String table, io.gatehouse.store.PageQuery query) {
    checkOpen();
    return reader.list(tables.require(table), Objects.requireNonNull(query, "query"));
  }

  /**
   * Deletes the rows whose ttl ran out (with their cascades), so their ids and unique values are
   * free again. A row that a RESTRICT child still references stays, invisible, as in Kong.
   */
  public void purgeExpired() {
    record Key(String table, String id) {}
    List<Key> expired = Jdbc.query(c,
        "SELECT table_name, id FROM entities WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY table_name, id",
        rs -> new Key(rs.getString("table_name"), rs.getString("id")), now);
    for (Key k : expired) {
      if (!exists(k.table(), k.id())) {
        continue; // already gone with an earlier row's cascade
      }
      try {
        atomically(() -> {
          deletePlanned(plan(k.table(), k.id()));
          return null;
        });
      } catch (KongException e) {
        // restricted or a set-null clash: leave it for a later write
      }
    }
  }

  /**
   * From now on, each row this transaction creates, updates or deletes is recorded in
   * {@code audit_objects} as {@code scope} says (null: nothing is recorded).
   */
  public void auditAs(ObjectAudit.@Nullable Scope scope) {
    this.audit = scope;
  }

  /** Bumps the version if anything was written; returns the new version, or -1 when unchanged. */
  public long finish() {
    checkOpen();
    open = false;
    if (!dirty) {
      return -1;
    }
    Jdbc.update(c, "UPDATE config_version SET version = version + 1 WHERE id = 1");
    return reader.version();
  }

  /** Makes the transaction unusable (e.g. work that leaks it past its end). */
  public void close() {
    open = false;
  }

  private ObjectNode write(TableSpec spec, String id, ObjectNode entity, boolean replace) {
    Stored stored = Expiry.split(spec, entity, now);
    String table = spec.name();
    String ws = EntityWorkspace.of(stored.body());
    EntityWorkspace.stamp(stored.body(), ws);
    if (replace) {
      if (!workspaceOf(table, id).orElse(ws).equals(ws)) {
        throw KongException.primaryKeyViolation(id); // an id is global; a row never changes workspace
      }
      deleteIndexRows(table, id);
    }
    // unique before foreign keys: PostgreSQL checks unique indexes before its FK triggers
    insertUniques(spec, id, stored.body());
    insertRefs(spec, id, stored.body());
    for (String tag : IndexKeys.tags(spec, stored.body())) {
      Jdbc.update(c, "INSERT INTO entity_tags (table_name, id, tag) VALUES (?, ?, ?)", table, id, tag);
    }
    String body = Json.write(stored.body());
    if (replace) {
      Jdbc.update(c, "UPDATE entities SET body = ?, expires_at = ? WHERE table_name = ? AND id = ?",
          body, stored.expiresAt(), table, id);
    } else {
      Jdbc.update(c, "INSERT INTO entities (table_name, id, body, expires_at, ws_id) VALUES (?, ?, ?, ?, ?)",
          table, id, body, stored.expiresAt(), ws);
    }
    dirty = true;
    recordChange(table, id, ws, replace ? ObjectAudit.Operation.UPDATE : ObjectAudit.Operation.CREATE, stored.body());
    return Expiry.render(body, stored.expiresAt(), now);
  }

  private void insertUniques(TableSpec spec, String id, ObjectNode body) {
    for (UniqueKey key : IndexKeys.uniques(spec, body)) {
      Optional<String> owner = Jdbc.queryOne(c,
          "SELECT id FROM entity_unique WHERE table_name = ? AND scope = ? AND field = ? AND value = ?",
          rs -> rs.getString("id"), spec.name(), key.scope(), key.field(), key.value());
      if (owner.isPresent() && !owner.get().equals(id)) {
        throw KongException.uniqueViolation(key.clash());
      }
      Jdbc.update(c, "INSERT INTO entity_unique (table_name, scope, field, value, id) VALUES (?, ?, ?, ?, ?)",
          spec.name(), key.scope(), key.field(), key.value(), id);
    }
  }

  private void insertRefs(TableSpec spec, String id, ObjectNode body) {
    String ws = EntityWorkspace.of(body);
    for (Ref ref : IndexKeys.refs(spec, body)) {
      boolean selfReference = ref.parentTable().equals(spec.name()) && ref.parentId().equals(id);
      // a parent in another workspace is as good as absent (Kong scopes every lookup by ws_id)
      if (!selfReference && !reader.workspaceOf(ref.parentTable(), ref.parentId()).equals(Optional.of(ws))) {
        throw KongException.invalidReference(ref.field(), ref.parentId(), ref.parentTable());
      }
      Jdbc.update(c,
          "INSERT INTO entity_refs (table_name, id, field, parent_table, parent_id) VALUES (?, ?, ?, ?, ?)",
          spec.name(), id, ref.field(), ref.parentTable(), ref.parentId());
    }
  }

  private void deleteIndexRows(String table, String id) {
    Jdbc.update(c, "DELETE FROM entity_unique WHERE table_name = ? AND id = ?", table, id);
    Jdbc.update(c, "DELETE FROM entity_refs WHERE table_name = ? AND id = ?", table, id);
    Jdbc.update(c, "DELETE FROM entity_tags WHERE table_name = ? AND id = ?", table, id);
  }

  private record RowKey(String table, String id) {}

  private record SetNull(RowKey row, String field) {}

  private record Restricted(RowKey row, String parentTable) {}

  /** What deleting a row takes with it: rows to delete (cascades) and references to clear. */
  private record DeletePlan(Set<RowKey> rows, List<SetNull> setNulls) {}

  private record Child(RowKey row, String field, @Nullable Long expiresAt) {}

  private DeletePlan plan(String table, String id) {
    Set<RowKey> rows = new LinkedHashSet<>();
    List<SetNull> setNulls = new ArrayList<>();
    List<Restricted> restricted = new ArrayList<>();
    List<RowKey> todo = new ArrayList<>(List.of(new RowKey(table, id)));
    while (!todo.isEmpty()) {
      RowKey parent = todo.remove(todo.size() - 1);
      if (!rows.add(parent)) {
        continue;
      }
      for (Child child : children(parent)) {
        TableSpec childSpec = tables.find(child.row().table());
        ForeignKey fk = childSpec == null ? null : IndexKeys.foreignKey(childSpec, child.field());
        boolean expired = child.expiresAt() != null && child.expiresAt() <= now;
        // rows of tables nobody registers any more cannot be read; do not let them block deletes
        OnDelete rule = fk == null || expired ? OnDelete.CASCADE : fk.onDelete();
        switch (rule) {
          case CASCADE -> todo.add(child.row());
          case SET_NULL -> setNulls.add(new SetNull(child.row(), child.field()));
          case RESTRICT -> restricted.add(new Restricted(child.row(), parent.table()));
        }
      }
    }
    // a restricted child is fine if the same delete removes it through another path
    for (Restricted r : restricted) {
      if (!rows.contains(r.row())) {
        throw KongException.referencedBy(r.row().table(), r.parentTable());
      }
    }
    return new DeletePlan(rows, setNulls);
  }

  private List<Child> children(RowKey parent) {
    return Jdbc.query(c,
        "SELECT r.table_name, r.id, r.field, e.expires_at FROM entity_refs r"
            + " JOIN entities e ON e.table_name = r.table_name AND e.id = r.id"
            + " WHERE r.parent_table = ? AND r.parent_id = ? ORDER BY r.table_name, r.id, r.field",
        rs -> new Child(new RowKey(rs.getString("table_name"), rs.getString("id")), rs.getString("field"),
            Jdbc.nullableLong(rs, "expires_at")),
        parent.table(), parent.id());
  }

  private void deletePlanned(DeletePlan plan) {
    for (RowKey row : plan.rows()) {
      if (audit != null) {
        recordDelete(row);
      }
      deleteIndexRows(row.table(), row.id());
      Jdbc.update(c, "DELETE FROM entities WHERE table_name = ? AND id = ?", row.table(), row.id());
    }
    for (SetNull s : plan.setNulls()) {
      if (plan.rows().contains(s.row())) {
        continue;
      }
      clearReference(s);
    }
    dirty = true;
  }

  /** Sets a child's reference to null and re-indexes it (a composite unique may now clash). */
  private void clearReference(SetNull s) {
    record Raw(String body, @Nullable Long expiresAt) {}
    Optional<Raw> raw = Jdbc.queryOne(c,
        "SELECT body, expires_at FROM entities WHERE table_name = ? AND id = ?",
        rs -> new Raw(rs.getString("body"), Jdbc.nullableLong(rs, "expires_at")),
        s.row().table(), s.row().id());
    if (raw.isEmpty()) {
      return;
    }
    TableSpec spec = tables.require(s.row().table());
    ObjectNode body = (ObjectNode) Json.parse(raw.get().body());
    body.putNull(s.field());
    String id = s.row().id();
    Jdbc.update(c, "DELETE FROM entity_unique WHERE table_name = ? AND id = ?", spec.name(), id);
    Jdbc.update(c, "DELETE FROM entity_refs WHERE table_name = ? AND id = ? AND field = ?", spec.name(), id, s.field());
    insertUniques(spec, id, body);
    Jdbc.update(c, "UPDATE entities SET body = ? WHERE table_name = ? AND id = ?", Json.write(body), spec.name(), id);
    recordChange(spec.name(), id, EntityWorkspace.of(body), ObjectAudit.Operation.UPDATE, body);
  }

  private void recordDelete(RowKey row) {
    record Old(String body, String ws) {}
    Jdbc.queryOne(c, "SELECT body, ws_id FROM entities WHERE table_name = ? AND id = ?",
            rs -> new Old(rs.getString(1), rs.getString(2)), row.table(), row.id())
        .ifPresent(old -> recordChange(row.table(), row.id(), old.ws(), ObjectAudit.Operation.DELETE,
            (ObjectNode) Json.parse(old.body())));
  }

  /** Stores the audit record of one changed row, in this transaction, when a scope is set. */
  private void recordChange(String table, String id, String ws, ObjectAudit.Operation op, ObjectNode entity) {
    if (audit == null) {
      return;
    }
    AuditObject o = audit.record(table, id, ws, op, entity);
    if (o == null) {
      return;
    }
    Jdbc.update(c, "INSERT INTO audit_objects (id, request_id, ws_id, dao_name, entity_key, operation, entity,"
            + " rbac_user_id, rbac_user_name, request_timestamp, expire, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        o.id(), o.requestId(), o.wsId(), o.daoName(), o.entityKey(), o.operation(), o.entity(), o.rbacUserId(),
        o.rbacUserName(), o.requestTimestamp(), o.expire(), o.signature());
  }

  /** The workspace of a stored row (expired or not). */
  private Optional<String> workspaceOf(String table, String id) {
    return Jdbc.queryOne(c, "SELECT ws_id FROM entities WHERE table_name = ? AND id = ?", rs -> rs.getString(1), table, id);
  }

  private boolean exists(String table, String id) {
    return Jdbc.queryOne(c, "SELECT 1 FROM entities WHERE table_name = ? AND id = ?", rs -> true, table, id)
        .isPresent();
  }

  private <T> T atomically(Supplier<T> op) {
    checkOpen();
    boolean wasDirty = dirty;
    try {
      return Jdbc.call(() -> inSavepoint(c -> op.get()));
    } catch (RuntimeException e) {
      dirty = wasDirty;
      throw e;
    }
  }

  /** Runs {@code work} on the connection; when it throws, what it did is rolled back and the rest kept. */
  private <T> T inSavepoint(SideWork<T> work) throws SQLException {
    Jdbc.execute(c, "SAVEPOINT gh_op");
    try {
      T result = work.run(c);
      Jdbc.execute(c, "RELEASE SAVEPOINT gh_op");
      return result;
    } catch (SQLException | RuntimeException e) {
      Jdbc.execute(c, "ROLLBACK TO SAVEPOINT gh_op");
      Jdbc.execute(c, "RELEASE SAVEPOINT gh_op");
      throw e;
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("the store transaction has ended");
    }
  }
}
