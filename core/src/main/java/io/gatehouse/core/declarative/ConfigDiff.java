package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What turns a live configuration into a desired one, entity by entity (matched by id, compared
 * as exported: timestamps ignored): creations and updates parents first, deletions children first,
 * so applying them in order never breaks a reference. With a tag, only entities carrying it are in
 * scope on either side (several teams can own separate parts of one node). Used by
 * {@code config diff}/{@code sync} and the Admin API's workspace import.
 */
public record ConfigDiff(List<Change> changes) {

  /** One change; {@code entity} is the desired entity (the live one for a deletion). */
  public record Change(Kind kind, Schema schema, String id, String label, List<String> fields, ObjectNode entity) {
    public ObjectNode toJson() {
      ObjectNode o = Json.object().put("table", schema.name()).put("id", id).put("name", label);
      if (kind == Kind.UPDATE) {
        ArrayNode f = o.putArray("fields");
        fields.forEach(f::add);
      }
      return o;
    }
  }

  public enum Kind { CREATE, UPDATE, DELETE }

  public static ConfigDiff between(SchemaRegistry registry, Map<String, List<ObjectNode>> desired,
      Map<String, List<ObjectNode>> live, @Nullable String tag) {
    List<Change> upserts = new ArrayList<>();
    List<Change> deletes = new ArrayList<>();
    for (Schema s : registry.all()) {
      Map<String, ObjectNode> want = byId(desired.getOrDefault(s.name(), List.of()), tag);
      Map<String, ObjectNode> have = byId(live.getOrDefault(s.name(), List.of()), tag);
      want.forEach((id, w) -> {
        ObjectNode h = have.get(id);
        if (h == null) {
          upserts.add(new Change(Kind.CREATE, s, id, label(s, w), List.of(), w));
          return;
        }
        List<String> changed = changedFields(DeclarativeExport.flat(s, w), DeclarativeExport.flat(s, h));
        if (!changed.isEmpty()) {
          upserts.add(new Change(Kind.UPDATE, s, id, label(s, w), changed, w));
        }
      });
      List<Change> gone = new ArrayList<>();
      have.forEach((id, h) -> {
        if (!want.containsKey(id)) {
          gone.add(new Change(Kind.DELETE, s, id, label(s, h), List.of(), h));
        }
      });
      deletes.addAll(0, gone);
    }
    List<Change> all = new ArrayList<>(upserts);
    all.addAll(deletes);
    return new ConfigDiff(List.copyOf(all));
  }

  private static Map<String, ObjectNode> byId(List<ObjectNode> rows, @Nullable String tag) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (ObjectNode e : rows) {
      if (tag == null || Json.strings(e, "tags").contains(tag)) {
        out.put(e.path("id").asText(), e);
      }
    }
    return out;
  }

  private static List<String> changedFields(ObjectNode want, ObjectNode have) {
    Set<String> names = new LinkedHashSet<>();
    want.fieldNames().forEachRemaining(names::add);
    have.fieldNames().forEachRemaining(names::add);
    List<String> changed = new ArrayList<>();
    for (String n : new TreeSet<>(names)) {
      JsonNode a = want.get(n);
      JsonNode b = have.get(n);
      if (a == null ? b != null : !a.equals(b)) {
        changed.add(n);
      }
    }
    return changed;
  }

  private static String label(Schema s, ObjectNode e) {
    String key = s.endpointKey() == null ? null : Json.text(e, s.endpointKey());
    return key != null ? key : e.path("id").asText();
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public long count(Kind kind) {
    return changes.stream().filter(c -> c.kind() == kind).count();
  }

  /** Human-readable: one line per change and a summary. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Change c : changes) {
      String what = c.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + c.schema().name() + " " + c.label()
          + (c.label().equals(c.id()) ? "" : " (" + c.id() + ")");
      out.add(c.kind() == Kind.UPDATE ? what + ": " + String.join(", ", c.fields()) : what);
    }
    out.add(isEmpty() ? "no changes" : "summary: " + count(Kind.CREATE) + " created, " + count(Kind.UPDATE)
        + " updated, " + count(Kind.DELETE) + " deleted");
    return out;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    ArrayNode created = o.putArray("created");
    ArrayNode updated = o.putArray("updated");
    ArrayNode deleted = o.putArray("deleted");
    for (Change c : changes) {
      (c.kind() == Kind.CREATE ? created : c.kind() == Kind.UPDATE ? updated : deleted).add(c.toJson());
    }
    return o;
  }
}
