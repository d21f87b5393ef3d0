package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads entities through one connection, hiding expired rows. Used by readers and, on the writer's
 * connection, inside write transactions (so they see their own uncommitted writes).
 */
public final class EntityReader {
  private static final String VISIBLE = Expiry.visible("e");

  private final Connection c;
  private final long now;

  public EntityReader(Connection c, long nowMillis) {
    this.c = c;
    this.now = nowMillis;
  }

  public Optional<ObjectNode> get(String table, String id) {
    return Jdbc.queryOne(
        c,
        "SELECT e.body, e.expires_at FROM entities e WHERE e.table_name = ? AND e.id = ? AND " + VISIBLE,
        rs -> Expiry.render(rs.getString("body"), Jdbc.nullableLong(rs, "expires_at"), now),
        table, id, now);
  }

  public Optional<ObjectNode> findByUnique(TableSpec spec, String workspace, String field, String value) {
    if (field.equals("id")) {
      return get(spec.name(), value).filter(e -> EntityWorkspace.of(e).equals(workspace));
    }
    if (!spec.uniqueFields().contains(field)) {
      throw new IllegalArgumentException("field '" + field + "' is not unique in '" + spec.name() + "'");
    }
    Optional<String> id = Jdbc.queryOne(
        c,
        "SELECT id FROM entity_unique WHERE table_name = ? AND scope = ? AND field = ? AND value = ?",
        rs -> rs.getString("id"),
        spec.name(), IndexKeys.scope(spec, field, workspace), field, value);
    return id.flatMap(i -> get(spec.name(), i));
  }

  /** The workspace of a visible row, empty when there is none. */
  public Optional<String> workspaceOf(String table, String id) {
    return Jdbc.queryOne(
        c, "SELECT e.ws_id FROM entities e WHERE e.table_name = ? AND e.id = ? AND " + VISIBLE,
        rs -> rs.getString(1), table, id, now);
  }

  /** The workspaces holding rows of a table. */
  public java.util.Set<String> workspacesOf(String table) {
    return new java.util.HashSet<>(Jdbc.query(c, "SELECT DISTINCT ws_id FROM entities WHERE table_name = ?",
        rs -> rs.getString(1), table));
  }

  public long version() {
    return Jdbc.queryOne(c, "SELECT version FROM config_version WHERE id = 1", rs -> rs.getLong(1))
        .orElseThrow(() -> new IllegalStateException("config_version row missing"));
  }

  /** Every visible row of a table in primary-key order. */
  public List<ObjectNode> all(String table) {
    return Jdbc.query(
        c,
        "SELECT e.body, e.expires_at FROM entities e WHERE e.table_name = ? AND " + VISIBLE + " ORDER BY e.id",
        rs -> Expiry.render(rs.getString("body"), Jdbc.nullableLong(rs, "expires_at"), now),
        table, now);
  }

  public Page list(TableSpec spec, PageQuery q) {
    @Nullable String cursor = q.offset() == null ? null : OffsetToken.decode(q.offset(), 1).get(0);
    StringBuilder sql = new StringBuilder(
        "SELECT e.id, e.body, e.expires_at FROM entities e WHERE e.table_name = ? AND " + VISIBLE);
    List<Object> args = new ArrayList<>(List.of(spec.name(), now));
    if (q.workspace() != null) {
      sql.append(" AND e.ws_id = ?");
      args.add(q.workspace());
    }
    if (q.foreignField() != null && q.foreignId() != null) {
      if (IndexKeys.foreignKey(spec, q.foreignField()) == null) {
        throw new IllegalArgumentException("'" + q.foreignField() + "' is not a foreign key of '" + spec.name() + "'");
      }
      sql.append(" AND EXISTS (SELECT 1 FROM entity_refs r WHERE r.table_name = e.table_name AND r.id = e.id"
          + " AND r.field = ? AND r.parent_id = ?)");
      args.add(q.foreignField());
      args.add(q.foreignId());
    }
    if (!q.tags().isEmpty()) {
      String in = String.join(", ", q.tags().stream().map(t -> "?").toList());
      String tagRows = "FROM entity_tags t WHERE t.table_name = e.table_name AND t.id = e.id AND t.tag IN (" + in + ")";
      if (q.anyTag()) {
        sql.append(" AND EXISTS (SELECT 1 ").append(tagRows).append(")");
      } else {
        sql.append(" AND (SELECT COUNT(DISTINCT t.tag) ").append(tagRows).append(") = ?");
      }
      args.addAll(q.tags());
      if (!q.anyTag()) {
        args.add(new LinkedHashSet<>(q.tags()).size());
      }
    }
    boolean filterInJava = false;
    if (q.equalsField() != null && q.equalsValue() != null) {
      if (spec.uniqueFields().contains(q.equalsField())) {
        sql.append(" AND EXISTS (SELECT 1 FROM entity_unique u WHERE u.table_name = e.table_name AND u.id = e.id"
            + " AND u.field = ? AND u.value = ?)"); // the row's own workspace filter above scopes it
        args.add(q.equalsField());
        args.add(q.equalsValue());
      } else {
        filterInJava = true; // no index for arbitrary fields; scan in id order instead
      }
    }
    return page(sql.toString(), args, cursor, q, filterInJava);
  }

  private Page page(String sql, List<Object> args, @Nullable String cursor, PageQuery q, boolean filterInJava) {
    int want = q.size() + 1; // one more than a page tells whether another page exists
    int batch = filterInJava ? Math.max(want, 500) : want;
    List<Row> matched = new ArrayList<>();
    @Nullable String after = cursor;
    while (matched.size() < want) {
      List<Object> batchArgs = new ArrayList<>(args);
      String batchSql = sql;
      if (after != null) {
        batchSql += " AND e.id > ?";
        batchArgs.add(after);
      }
      batchArgs.add(batch);
      List<Row> rows = Jdbc.query(
          c, batchSql + " ORDER BY e.id LIMIT ?",
          rs -> new Row(rs.getString("id"), Expiry.render(rs.getString("body"), Jdbc.nullableLong(rs, "expires_at"), now)),
          batchArgs.toArray());
      for (Row r : rows) {
        if (!filterInJava || matchesEquals(r.body, q.equalsField(), q.equalsValue())) {
          matched.add(r);
          if (matched.size() == want) {
            break;
          }
        }
      }
      if (rows.size() < batch) {
        break;
      }
      after = rows.get(rows.size() - 1).id;
    }
    return toPage(matched, q.size(), r -> OffsetToken.encode(r.id));
  }

  /** One page of {@code (entity_name, entity_id, tag)}, ordered by tag, table, id (of one workspace when the query names it). */
  public Page tags(PageQuery q, @Nullable String tag) {
    @Nullable List<String> cursor = q.offset() == null ? null : OffsetToken.decode(q.offset(), 3);
    StringBuilder sql = new StringBuilder(
        "SELECT t.tag, t.table_name, t.id FROM entity_tags t"
            + " JOIN entities e ON e.table_name = t.table_name AND e.id = t.id WHERE " + VISIBLE);
    List<@Nullable Object> args = new ArrayList<>();
    args.add(now);
    if (q.workspace() != null) {
      sql.append(" AND e.ws_id = ?");
      args.add(q.workspace());
    }
    if (tag != null) {
      sql.append(" AND t.tag = ?");
      args.add(tag);
    }
    if (cursor != null) {
      sql.append(" AND (t.tag > ? OR (t.tag = ? AND (t.table_name > ? OR (t.table_name = ? AND t.id > ?))))");
      args.addAll(List.of(cursor.get(0), cursor.get(0), cursor.get(1), cursor.get(1), cursor.get(2)));
    }
    sql.append(" ORDER BY t.tag, t.table_name, t.id LIMIT ?");
    args.add(q.size() + 1);
    List<TagRow> rows = Jdbc.query(
        c, sql.toString(),
        rs -> new TagRow(rs.getString("tag"), rs.getString("table_name"), rs.getString("id")),
        args.toArray());
    List<Row> asRows = rows.stream()
        .map(r -> new Row(OffsetToken.encode(r.tag, r.table, r.id), tagJson(r)))
        .toList();
    return toPage(asRows, q.size(), r -> r.id);
  }

  private static ObjectNode tagJson(TagRow r) {
    return Json.object().put("entity_name", r.table).put("entity_id", r.id).put("tag", r.tag);
  }

  private static boolean matchesEquals(ObjectNode body, @Nullable String field, @Nullable String value) {
    JsonNode v = field == null ? null : body.get(field);
    return v != null && !v.isNull() && v.asText().equals(value);
  }

  private static Page toPage(List<Row> rows, int size, Function<Row, String> token) {
    if (rows.size() <= size) {
      return new Page(rows.stream().map(Row::body).toList(), null);
    }
    List<Row> page = rows.subList(0, size);
    return new Page(page.stream().map(Row::body).toList(), token.apply(page.get(size - 1)));
  }

  /** A row with its sort key ({@code id}: the entity id, or for tags the ready-made token). */
  private record Row(String id, ObjectNode body) {}

  private record TagRow(String tag, String table, String id) {}
}
