package io.gatehouse.store.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.core.schema.TableSpec.ForeignKey;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import io.gatehouse.store.StoreTransaction;
import io.gatehouse.store.internal.Expiry;
import io.gatehouse.store.internal.IndexKeys;
import io.gatehouse.store.internal.OffsetToken;
import io.gatehouse.store.internal.TableRegistry;
import io.gatehouse.store.memory.MemoryTables.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One write transaction of the {@link MemoryConfigStore}, plus the read logic both share. Each
 * operation starts from the tables as they were before it and copies a table the first time it
 * changes it, so a failed operation is undone by dropping its copies (Kong's per-statement
 * atomicity inside a transaction).
 */
final class MemoryWrite implements StoreTransaction {
  private final TableRegistry specs;
  private final long now;
  private Map<String, MemoryTables> tables;
  private final Set<String> copied = new HashSet<>();
  private boolean dirty;
  private boolean open = true;

  MemoryWrite(TableRegistry specs, Map<String, MemoryTables> committed, long now) {
    this.specs = specs;
    this.tables = new HashMap<>(committed);
    this.now = now;
  }

  boolean dirty() {
    return dirty;
  }

  Map<String, MemoryTables> tables() {
    return tables;
  }

  void close() {
    open = false;
  }

  @Override
  public ObjectNode insert(String table, ObjectNode entity) {
    return atomically(() -> {
      TableSpec spec = specs.require(table);
      String id = IndexKeys.requireId(entity);
      if (rows(table).containsKey(id)) {
        throw KongException.primaryKeyViolation(id);
      }
      return write(spec, id, entity);
    });
  }

  @Override
  public ObjectNode upsert(String table, ObjectNode entity) {
    return atomically(() -> write(specs.require(table), IndexKeys.requireId(entity), entity));
  }

  @Override
  public boolean delete(String table, String id) {
    return atomically(() -> {
      specs.require(table);
      if (!rows(table).containsKey(id)) {
        return false;
      }
      deletePlanned(plan(table, id));
      return true;
    });
  }

  @Override
  public Optional<ObjectNode> get(String table, String id) {
    checkOpen();
    specs.require(table);
    return get(tables, table, id, now);
  }

  @Override
  public Optional<ObjectNode> findByUnique(String table, String field, String value) {
    checkOpen();
    return findByUnique(specs.require(table), tables, field, value, now);
  }

  @Override
  public Page list(String table, PageQuery query) {
    checkOpen();
    return list(specs.require(table), tables, query, now);
  }

  /** Deletes rows whose ttl ran out, with their cascades; a restricted one stays (invisible) as in Kong. */
  void purgeExpired() {
    for (TableSpec spec : specs.all()) {
      MemoryTables t = tables.get(spec.name());
      if (t == null) {
        continue;
      }
      List<String> expired = t.rows.entrySet().stream()
          .filter(e -> !e.getValue().visible(now)).map(Map.Entry::getKey).toList();
      for (String id : expired) {
        if (!rows(spec.name()).containsKey(id)) {
          continue;
        }
        try {
          atomically(() -> {
            deletePlanned(plan(spec.name(), id));
            return null;
          });
        } catch (KongException e) {
          // restricted or a set-null clash: leave it for a later write
        }
      }
    }
  }

  private ObjectNode write(TableSpec spec, String id, ObjectNode entity) {
    MemoryTables t = writable(spec.name());
    Row old = t.rows.get(id);
    if (old != null) {
      unindex(spec, t, id, old.body());
    }
    Row row = put(spec, t, entity, now, tables, id);
    dirty = true;
    return render(row, now);
  }

  /** Adds a row and its unique keys to {@code t}; code 5 on a clash. Used for bulk loads too (no reference checks). */
  static Row put(TableSpec spec, MemoryTables t, ObjectNode entity, long now) {
    return put(spec, t, entity, now, null, IndexKeys.requireId(entity));
  }

  private static Row put(TableSpec spec, MemoryTables t, ObjectNode entity, long now,
      @Nullable Map<String, MemoryTables> checkRefsIn, String id) {
    Expiry.Stored stored = Expiry.split(spec, entity, now);
    List<IndexKeys.UniqueKey> keys = IndexKeys.uniques(spec, stored.body());
    for (IndexKeys.UniqueKey k : keys) {
      String owner = t.uniques.get(k.field() + "\0" + k.value());
      if (owner != null && !owner.equals(id)) {
        throw KongException.uniqueViolation(k.clash());
      }
    }
    if (checkRefsIn != null) {
      for (IndexKeys.Ref ref : IndexKeys.refs(spec, stored.body())) {
        boolean self = ref.parentTable().equals(spec.name()) && ref.parentId().equals(id);
        MemoryTables parent = checkRefsIn.get(ref.parentTable());
        Row p = parent == null ? null : parent.rows.get(ref.parentId());
        if (!self && (p == null || !p.visible(now))) {
          throw KongException.invalidReference(ref.field(), ref.parentId(), ref.parentTable());
        }
      }
    }
    keys.forEach(k -> t.uniques.put(k.field() + "\0" + k.value(), id));
    Row row = new Row(stored.body().deepCopy(), stored.expiresAt());
    t.rows.put(id, row);
    return row;
  }

  private static void unindex(TableSpec spec, MemoryTables t, String id, ObjectNode body) {
    for (IndexKeys.UniqueKey k : IndexKeys.uniques(spec, body)) {
      t.uniques.remove(k.field() + "\0" + k.value(), id);
    }
  }

  private record RowKey(String table, String id) {}

  private record SetNull(RowKey row, String field) {}

  private record Plan(Set<RowKey> rows, List<SetNull> setNulls) {}

  private Plan plan(String table, String id) {
    Set<RowKey> rows = new LinkedHashSet<>();
    List<SetNull> setNulls = new ArrayList<>();
    List<RowKey[]> restricted = new ArrayList<>();
    List<RowKey> todo = new ArrayList<>(List.of(new RowKey(table, id)));
    while (!todo.isEmpty()) {
      RowKey parent = todo.removeLast();
      if (!rows.add(parent)) {
        continue;
      }
      for (TableSpec child : specs.all()) {
        for (ForeignKey fk : child.foreignKeys()) {
          if (!fk.table().equals(parent.table())) {
            continue;
          }
          rows(child.name()).forEach((cid, row) -> {
            if (!parent.id().equals(Json.foreignId(row.body(), fk.field()))) {
              return;
            }
            RowKey c = new RowKey(child.name(), cid);
            TableSpec.OnDelete rule = row.visible(now) ? fk.onDelete() : TableSpec.OnDelete.CASCADE;
            switch (rule) {
              case CASCADE -> todo.add(c);
              case SET_NULL -> setNulls.add(new SetNull(c, fk.field()));
              case RESTRICT -> restricted.add(new RowKey[] {c, parent});
            }
          });
        }
      }
    }
    // a restricted child is fine if the same delete removes it through another path
    for (RowKey[] r : restricted) {
      if (!rows.contains(r[0])) {
        throw KongException.referencedBy(r[0].table(), r[1].table());
      }
    }
    return new Plan(rows, setNulls);
  }

  private void deletePlanned(Plan plan) {
    for (RowKey k : plan.rows()) {
      MemoryTables t = writable(k.table());
      Row old = t.rows.remove(k.id());
      if (old != null) {
        unindex(specs.require(k.table()), t, k.id(), old.body());
      }
    }
    for (SetNull s : plan.setNulls()) {
      if (plan.rows().contains(s.row())) {
        continue;
      }
      TableSpec spec = specs.require(s.row().table());
      MemoryTables t = writable(spec.name());
      Row old = t.rows.get(s.row().id());
      unindex(spec, t, s.row().id(), old.body());
      ObjectNode body = old.body().deepCopy();
      body.putNull(s.field());
      t.rows.remove(s.row().id());
      Row cleared = put(spec, t, render(new Row(body, old.expiresAt()), now), now);
      t.rows.put(s.row().id(), new Row(cleared.body(), old.expiresAt()));
    }
    dirty = true;
  }

  private Map<String, Row> rows(String table) {
    MemoryTables t = tables.get(table);
    return t == null ? Map.of() : t.rows;
  }

  private MemoryTables writable(String table) {
    if (copied.add(table)) {
      MemoryTables t = tables.get(table);
      tables.put(table, t == null ? new MemoryTables() : t.copy());
    }
    return tables.get(table);
  }

  private <T> T atomically(Supplier<T> op) {
    checkOpen();
    Map<String, MemoryTables> before = new HashMap<>(tables);
    Set<String> copiedBefore = new HashSet<>(copied);
    boolean wasDirty = dirty;
    copied.clear(); // this operation copies again, so its changes can be dropped alone
    try {
      return op.get();
    } catch (RuntimeException e) {
      tables = before;
      copied.clear();
      copied.addAll(copiedBefore);
      dirty = wasDirty;
      throw e;
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("the store transaction has ended");
    }
  }


  // --- reads shared with the store ----------------------------------------------------------

  static ObjectNode render(Row r, long now) {
    ObjectNode copy = r.body().deepCopy();
    if (r.expiresAt() != null) {
      copy.put("ttl", Math.max(0, Math.floorDiv(r.expiresAt() - now, 1000L)));
    }
    return copy;
  }

  static Optional<ObjectNode> get(Map<String, MemoryTables> tables, String table, String id, long now) {
    MemoryTables t = tables.get(table);
    Row r = t == null ? null : t.rows.get(id);
    return r == null || !r.visible(now) ? Optional.empty() : Optional.of(render(r, now));
  }

  static Optional<ObjectNode> findByUnique(TableSpec spec, Map<String, MemoryTables> tables, String field,
      String value, long now) {
    if (field.equals("id")) {
      return get(tables, spec.name(), value, now);
    }
    if (!spec.uniqueFields().contains(field)) {
      throw new IllegalArgumentException("'" + field + "' is not a unique field of '" + spec.name() + "'");
    }
    MemoryTables t = tables.get(spec.name());
    String id = t == null ? null : t.uniques.get(field + "\0" + value);
    return id == null ? Optional.empty() : get(tables, spec.name(), id, now);
  }

  static Page list(TableSpec spec, Map<String, MemoryTables> tables, PageQuery q, long now) {
    String after = q.offset() == null ? null : OffsetToken.decode(q.offset(), 1).getFirst();
    MemoryTables t = tables.get(spec.name());
    List<ObjectNode> out = new ArrayList<>();
    String lastId = null;
    boolean more = false;
    if (t != null) {
      var view = after == null ? t.rows : t.rows.tailMap(after, false);
      for (var e : view.entrySet()) {
        Row r = e.getValue();
        if (!r.visible(now) || !matches(spec, r.body(), q)) {
          continue;
        }
        if (out.size() == q.size()) {
          more = true;
          break;
        }
        out.add(render(r, now));
        lastId = e.getKey();
      }
    }
    return new Page(out, more ? OffsetToken.encode(lastId) : null);
  }

  private static boolean matches(TableSpec spec, ObjectNode body, PageQuery q) {
    if (q.foreignField() != null && !Objects.equals(q.foreignId(), Json.foreignId(body, q.foreignField()))) {
      return false;
    }
    if (q.equalsField() != null && !Objects.equals(q.equalsValue(), Json.text(body, q.equalsField()))) {
      return false;
    }
    if (!q.tags().isEmpty()) {
      List<String> tags = IndexKeys.tags(spec, body);
      return q.anyTag() ? q.tags().stream().anyMatch(tags::contains) : tags.containsAll(q.tags());
    }
    return true;
  }

  static Page listTags(TableRegistry specs, Map<String, MemoryTables> tables, PageQuery q, @Nullable String tag,
      long now) {
    List<String> after = q.offset() == null ? null : OffsetToken.decode(q.offset(), 3);
    Comparator<String[]> order = Comparator.<String[], String>comparing(r -> r[0])
        .thenComparing(r -> r[1]).thenComparing(r -> r[2]);
    List<String[]> rows = new ArrayList<>();
    for (TableSpec spec : specs.all()) {
      MemoryTables t = tables.get(spec.name());
      if (t == null || !spec.tags()) {
        continue;
      }
      t.rows.forEach((id, r) -> {
        if (r.visible(now)) {
          for (String x : IndexKeys.tags(spec, r.body())) {
            if (tag == null || tag.equals(x)) {
              rows.add(new String[] {x, spec.name(), id});
            }
          }
        }
      });
    }
    rows.sort(order);
    List<ObjectNode> out = new ArrayList<>();
    String[] last = null;
    boolean more = false;
    for (String[] r : rows) {
      if (after != null && order.compare(r, after.toArray(String[]::new)) <= 0) {
        continue;
      }
      if (out.size() == q.size()) {
        more = true;
        break;
      }
      out.add(Json.object().put("entity_name", r[1]).put("entity_id", r[2]).put("tag", r[0]));
      last = r;
    }
    return new Page(out, more ? OffsetToken.encode(last) : null);
  }
}
