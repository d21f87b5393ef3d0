package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec;
import io.gatehouse.core.schema.TableSpec.ForeignKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The index rows an entity implies: its unique keys, its references and its tags. */
public final class IndexKeys {
  private IndexKeys() {}

  /**
   * One row of {@code entity_unique}.
   *
   * @param scope the workspace id the value is unique in, or {@link #ACROSS_WORKSPACES}
   * @param clash the key/values to report in a code-5 error
   */
  public record UniqueKey(String scope, String field, String value, Map<String, @Nullable JsonNode> clash) {}

  /** The scope of Kong's {@code unique_across_ws} values. */
  public static final String ACROSS_WORKSPACES = "*";

  /** The scope a table's unique field is looked up in from workspace {@code wsId}. */
  public static String scope(TableSpec spec, String field, String wsId) {
    return EntityWorkspace.uniqueAcrossWorkspaces(spec.name(), field) ? ACROSS_WORKSPACES : wsId;
  }

  /** One row of {@code entity_refs}. */
  public record Ref(String field, String parentTable, String parentId) {}

  public static List<UniqueKey> uniques(TableSpec spec, ObjectNode entity) {
    List<UniqueKey> keys = new ArrayList<>();
    String ws = EntityWorkspace.of(entity);
    for (String field : spec.uniqueFields()) {
      JsonNode v = entity.get(field);
      if (v == null || v.isNull()) {
        continue; // null never clashes for single unique fields
      }
      keys.add(new UniqueKey(scope(spec, field, ws), field, singleValue(v), Map.of(field, v)));
    }
    for (List<String> tuple : spec.compositeUniques()) {
      ArrayNode canonical = Json.array();
      Map<String, @Nullable JsonNode> clash = new LinkedHashMap<>();
      for (String field : tuple) {
        if (foreignKey(spec, field) != null) {
          String id = Json.foreignId(entity, field);
          canonical.add(id);
          clash.put(field, id == null ? null : Json.object().put("id", id));
        } else {
          JsonNode v = entity.get(field);
          JsonNode value = v == null ? Json.NODES.nullNode() : v;
          canonical.add(value);
          clash.put(field, value);
        }
      }
      keys.add(new UniqueKey(ws, String.join(",", tuple), Json.write(canonical), clash));
    }
    return keys;
  }

  /** How a single unique field's value is stored, so lookups by the raw string find it. */
  public static String singleValue(JsonNode v) {
    return v.isTextual() ? v.asText() : Json.write(v);
  }

  public static List<Ref> refs(TableSpec spec, ObjectNode entity) {
    List<Ref> refs = new ArrayList<>();
    for (ForeignKey fk : spec.foreignKeys()) {
      String id = Json.foreignId(entity, fk.field());
      if (id != null) {
        refs.add(new Ref(fk.field(), fk.table(), id));
      }
    }
    return refs;
  }

  public static List<String> tags(TableSpec spec, ObjectNode entity) {
    return spec.tags() ? List.copyOf(new LinkedHashSet<>(Json.strings(entity, "tags"))) : List.of();
  }

  /** The entity's {@code id}; every stored entity must carry one. */
  public static String requireId(ObjectNode entity) {
    java.util.Objects.requireNonNull(entity, "entity");
    String id = Json.text(entity, "id");
    if (id == null) {
      throw new IllegalArgumentException("entity must have an 'id', got " + entity);
    }
    return id;
  }

  public static @Nullable ForeignKey foreignKey(TableSpec spec, String field) {
    for (ForeignKey fk : spec.foreignKeys()) {
      if (fk.field().equals(field)) {
        return fk;
      }
    }
    return null;
  }
}
