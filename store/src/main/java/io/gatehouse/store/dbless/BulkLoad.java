package io.gatehouse.store.dbless;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.store.internal.Expiry;
import io.gatehouse.store.internal.IndexKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Replaces every row with a whole declarative configuration in one transaction, with batched
 * inserts into the same tables {@code JdbcWriteTransaction} keeps. The configuration was validated
 * as a whole already (references included), so only what the rows themselves can break is checked
 * here: duplicate ids (code 3) and unique clashes (code 5), in memory before any insert runs.
 */
final class BulkLoad {
  private static final int BATCH = 1_000;

  private BulkLoad() {}

  /**
   * Deletes everything and inserts {@code rows} (by table, specs given) on {@code c}, inside the
   * caller's transaction. Returns the stored rows of every spec in id order — what a snapshot reads
   * back — or null when a row has a ttl (its rendering depends on when it is read).
   */
  static @Nullable Map<String, List<ObjectNode>> replace(Connection c, List<TableSpec> specs,
      Map<String, List<ObjectNode>> rows, long now) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String table : List.of("entities", "entity_unique", "entity_refs", "entity_tags")) {
        st.executeUpdate("DELETE FROM " + table);
      }
    }
    try (PreparedStatement entities = c.prepareStatement(
            "INSERT INTO entities (table_name, id, body, expires_at, ws_id) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement uniques = c.prepareStatement(
            "INSERT INTO entity_unique (table_name, scope, field, value, id) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement refs = c.prepareStatement(
            "INSERT INTO entity_refs (table_name, id, field, parent_table, parent_id) VALUES (?, ?, ?, ?, ?)");
        PreparedStatement tags = c.prepareStatement("INSERT INTO entity_tags (table_name, id, tag) VALUES (?, ?, ?)")) {
      Batches batches = new Batches(entities, uniques, refs, tags);
      Map<String, List<ObjectNode>> stored = new LinkedHashMap<>();
      boolean expiring = false;
      for (TableSpec spec : specs) {
        List<ObjectNode> table = new ArrayList<>();
        expiring |= load(spec, rows.getOrDefault(spec.name(), List.of()), now, batches, table);
        table.sort(Comparator.comparing(r -> r.get("id").asText()));
        stored.put(spec.name(), table);
      }
      batches.flush();
      return expiring ? null : stored;
    }
  }

  /** Queues one table's rows, adding their stored bodies to {@code stored}; true if one has a ttl. */
  private static boolean load(TableSpec spec, List<ObjectNode> rows, long now, Batches b, List<ObjectNode> bodies)
      throws SQLException {
    boolean expiring = false;
    String table = spec.name();
    Set<String> ids = new HashSet<>();
    Map<String, String> owners = new HashMap<>();
    for (ObjectNode entity : rows) {
      String id = IndexKeys.requireId(entity);
      if (!ids.add(id)) {
        throw KongException.primaryKeyViolation(id);
      }
      Expiry.Stored stored = Expiry.split(spec, entity, now);
      ObjectNode body = stored.body();
      String ws = EntityWorkspace.of(body);
      EntityWorkspace.stamp(body, ws);
      for (IndexKeys.UniqueKey k : IndexKeys.uniques(spec, body)) {
        if (owners.putIfAbsent(k.scope() + "\0" + k.field() + "\0" + k.value(), id) != null) {
          throw KongException.uniqueViolation(k.clash());
        }
        b.add(b.uniques, table, k.scope(), k.field(), k.value(), id);
      }
      for (IndexKeys.Ref ref : IndexKeys.refs(spec, body)) {
        b.add(b.refs, table, id, ref.field(), ref.parentTable(), ref.parentId());
      }
      for (String tag : IndexKeys.tags(spec, body)) {
        b.add(b.tags, table, id, tag);
      }
      b.entities.setString(1, table);
      b.entities.setString(2, id);
      b.entities.setString(3, Json.write(body));
      if (stored.expiresAt() == null) {
        b.entities.setNull(4, Types.BIGINT);
      } else {
        b.entities.setLong(4, stored.expiresAt());
      }
      b.entities.setString(5, ws);
      b.queue(b.entities);
      bodies.add(body);
      expiring |= stored.expiresAt() != null;
    }
    return expiring;
  }

  /** The four insert statements, each flushed every {@link #BATCH} rows. */
  private static final class Batches {
    final PreparedStatement entities;
    final PreparedStatement uniques;
    final PreparedStatement refs;
    final PreparedStatement tags;
    private final Map<PreparedStatement, Integer> pending = new HashMap<>();

    Batches(PreparedStatement entities, PreparedStatement uniques, PreparedStatement refs, PreparedStatement tags) {
      this.entities = entities;
      this.uniques = uniques;
      this.refs = refs;
      this.tags = tags;
    }

    void add(PreparedStatement ps, String... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        ps.setString(i + 1, values[i]);
      }
      queue(ps);
    }

    void queue(PreparedStatement ps) throws SQLException {
      ps.addBatch();
      if (pending.merge(ps, 1, Integer::sum) >= BATCH) {
        ps.executeBatch();
        pending.put(ps, 0);
      }
    }

    void flush() throws SQLException {
      for (PreparedStatement ps : List.of(entities, uniques, refs, tags)) {
        ps.executeBatch();
      }
    }
  }
}
