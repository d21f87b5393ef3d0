package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Gives a file's entities the ids the live configuration already has for them. A file written by
 * hand names a service without an id, so the loader derives one (a v5 UUID of its name) that differs
 * from the live service's: compared by id that would be "delete the live one, create a new one" and
 * clash on the name. Matched instead by a unique endpoint key ({@code name}, {@code username}) or the
 * table's first composite unique (a plugin's name and scope), the entity keeps the live id, and every
 * reference to it follows (decK matches by name the same way). Ids the file gives are kept when no
 * live entity has them but another has the same key, so the clash is reported, not hidden.
 */
public final class LiveIds {
  private LiveIds() {}

  /**
   * A copy of {@code desired} (loaded from a file for {@code workspace}) with ids taken over from
   * {@code live}; neither argument changes.
   */
  public static Map<String, List<ObjectNode>> adopt(SchemaRegistry registry, Map<String, List<ObjectNode>> desired,
      Map<String, List<ObjectNode>> live, String workspace) {
    Map<String, String> renamed = new HashMap<>();
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (Schema s : registry.all()) { // parents first: a plugin's composite key sees its service's final id
      List<ObjectNode> rows = new ArrayList<>();
      desired.getOrDefault(s.name(), List.of()).forEach(e -> rows.add(follow(s, e.deepCopy(), renamed)));
      out.put(s.name(), rows);
      List<ObjectNode> have = live.getOrDefault(s.name(), List.of());
      Set<String> liveIds = ids(have);
      Set<String> wantedIds = ids(rows);
      Map<String, String> liveByKey = new HashMap<>();
      for (ObjectNode l : have) {
        String key = key(s, l);
        if (key != null) {
          liveByKey.put(key, l.path("id").asText());
        }
      }
      for (ObjectNode e : rows) {
        String id = e.path("id").asText();
        String key = key(s, e);
        String liveId = key == null ? null : liveByKey.get(key);
        if (liveId != null && !liveIds.contains(id) && !wantedIds.contains(liveId) && derived(s, e, id, workspace)) {
          renamed.put(id, liveId);
          wantedIds.add(liveId);
          e.put("id", liveId);
        }
      }
    }
    out.forEach((table, rows) -> registry.table(table).ifPresent(s -> rows.forEach(e -> follow(s, e, renamed))));
    return out;
  }

  /**
   * Whether the loader made the id up: the v5 UUID of the endpoint key or of the composite key, as
   * {@code DeclarativeLoader} derives them, or any id when the table has neither (a random one).
   */
  private static boolean derived(Schema s, ObjectNode e, String id, String workspace) {
    // an id the file gave explicitly would be adopted only by accident of equal keys; the loader's
    // derivations are cheap to recompute for the common case (unique endpoint key)
    String ek = s.endpointKey();
    Field f = ek == null ? null : s.field(ek);
    if (f != null && f.isUnique() && e.path(ek).isTextual()) {
      return id.equals(Uuid5.forEntity(s.name(), Uuid5.endpointKey(s.name(), ek, e.get(ek).asText(), workspace)));
    }
    return true; // composite keys depend on parent ids the file may not have had; trust the key match
  }

  private static ObjectNode follow(Schema s, ObjectNode e, Map<String, String> renamed) {
    for (Field fk : s.foreignKeys()) {
      JsonNode v = e.get(fk.name());
      String to = v != null && v.path("id").isTextual() ? renamed.get(v.get("id").asText()) : null;
      if (to != null) {
        e.set(fk.name(), Json.object().put("id", to));
      }
    }
    return e;
  }

  private static Set<String> ids(List<ObjectNode> rows) {
    Set<String> out = new HashSet<>();
    rows.forEach(e -> out.add(e.path("id").asText()));
    return out;
  }

  /** The entity's unique endpoint key, else its first composite unique's values; null with neither. */
  private static @Nullable String key(Schema s, ObjectNode e) {
    String ek = s.endpointKey();
    Field f = ek == null ? null : s.field(ek);
    if (f != null && f.isUnique() && e.path(ek).isTextual()) {
      return ek + "=" + e.get(ek).asText();
    }
    List<List<String>> composites = s.table().compositeUniques();
    if (composites.isEmpty()) {
      return null;
    }
    StringJoiner key = new StringJoiner("\0");
    for (String name : composites.getFirst()) {
      JsonNode v = e.get(name);
      key.add(v == null || v.isNull() ? "null" : v.has("id") ? v.get("id").asText() : v.asText());
    }
    return key.toString();
  }
}
