package io.gatehouse.core.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.EntityProcessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything wrong with one declarative file, kept by entity so it renders both of Kong's ways: the
 * code-14 {@code fields} tree mirroring the input (1-based indexes) and, with
 * {@code flatten_errors}, one {@code flattened_errors} entry per offending entity. Also renders
 * plain lines with file positions for the command line.
 */
public final class DeclarativeConfigException extends RuntimeException {

  /**
   * The errors of one entity.
   *
   * @param path where the entity sits in the input: table names and 0-based indexes
   *     ({@code services, 0, routes, 2}); a reference error sits at {@code table, <key>} as in Kong
   * @param entity the entity as submitted, nested children removed
   * @param errors a field-error tree, or a string / array of strings for entity-level errors
   */
  public record EntityError(List<Object> path, String table, ObjectNode entity, JsonNode errors) {}

  private final ObjectNode fields;
  private final List<EntityError> entities;

  DeclarativeConfigException(ObjectNode fields, List<EntityError> entities) {
    super("declarative config is invalid", null, false, false);
    this.fields = fields;
    this.entities = List.copyOf(entities);
  }

  /** A file that is not JSON/YAML or not an object. */
  public static DeclarativeConfigException parse(String detail) {
    return new DeclarativeConfigException(
        Json.object().put("error", "failed parsing declarative configuration: " + detail), List.of());
  }

  public List<EntityError> entityErrors() {
    return entities;
  }

  @Override
  public String getMessage() {
    return toKong(false).getMessage();
  }

  /** Kong's code-14 error; flattened, entity errors move out of {@code fields} into their own list. */
  public KongException toKong(boolean flatten) {
    ObjectNode tree = fields.deepCopy();
    if (!flatten) {
      Map<Object, Object> root = new LinkedHashMap<>();
      for (EntityError e : entities) {
        put(root, e.path(), e.errors());
      }
      root.forEach((k, v) -> tree.set(k.toString(), toJson(v)));
      return KongException.invalidDeclarativeConfig(tree, null);
    }
    ArrayNode flat = Json.array();
    entities.forEach(e -> flat.add(flattened(e)));
    return KongException.invalidDeclarativeConfig(tree, flat);
  }

  /** One line per problem, {@code file:line:column: services[1].routes[2]: host: required field missing}. */
  public List<String> lines(String file, Map<String, String> positions) {
    List<String> out = new ArrayList<>();
    fields.fields().forEachRemaining(f -> out.add(file + ": " + f.getKey() + ": " + f.getValue().asText()));
    for (EntityError e : entities) {
      StringBuilder where = new StringBuilder();
      StringBuilder pointer = new StringBuilder();
      for (Object seg : e.path()) {
        if (seg instanceof Integer i) {
          where.append('[').append(i + 1).append(']');
          pointer.append('/').append(i);
        } else {
          where.append(where.isEmpty() ? "" : ".").append(seg);
          pointer.append('/').append(seg);
        }
      }
      for (String[] fe : fieldErrors(e.errors(), "")) {
        String pos = fe[0].isEmpty() ? null : positions.get(pointer + "/" + fe[0].replace('.', '/'));
        pos = pos != null ? pos : positions.get(pointer.toString());
        out.add(file + (pos == null ? "" : ":" + pos) + ": " + where
            + (fe[0].isEmpty() ? "" : ": " + fe[0]) + ": " + fe[1]);
      }
    }
    return out;
  }

  private static ObjectNode flattened(EntityError e) {
    ObjectNode f = Json.object();
    String t = e.table();
    f.put("entity_type", t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
    JsonNode name = e.entity().get("name");
    if (name != null && name.isTextual() && !name.asText().isEmpty()) {
      f.put("entity_name", name.asText());
    }
    JsonNode id = e.entity().get("id");
    if (id != null && id.isTextual() && EntityProcessor.isUuid(id.asText())) {
      f.put("entity_id", id.asText());
    }
    JsonNode tags = e.entity().get("tags");
    if (tags != null && tags.isArray() && allStrings(tags)) {
      f.set("entity_tags", tags);
    }
    f.set("entity", e.entity());
    ArrayNode errors = Json.array();
    for (String[] fe : fieldErrors(e.errors(), "")) {
      ObjectNode err = Json.object();
      if (fe[0].isEmpty() || fe[0].equals("@entity")) {
        err.put("type", "entity");
      } else {
        err.put("type", "field").put("field", fe[0]);
      }
      errors.add(err.put("message", fe[1]));
    }
    f.set("errors", errors);
    return f;
  }

  private static boolean allStrings(JsonNode array) {
    for (JsonNode n : array) {
      if (!n.isTextual()) {
        return false;
      }
    }
    return true;
  }

  /** {@code [field path, message]} pairs of an error tree; arrays count from 1 as in Kong. */
  private static List<String[]> fieldErrors(JsonNode tree, String prefix) {
    List<String[]> out = new ArrayList<>();
    if (tree.isTextual()) {
      out.add(new String[] {prefix, tree.asText()});
    } else if (tree.isArray()) {
      for (int i = 0; i < tree.size(); i++) {
        JsonNode x = tree.get(i);
        if (x.isNull()) {
          continue;
        }
        // an entity-level list (["msg", …]) stays on the entity; a field's element errors get indexes
        String p = prefix.isEmpty() || prefix.equals("@entity") ? prefix : prefix + "." + (i + 1);
        out.addAll(fieldErrors(x, p));
      }
    } else if (tree.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
        var f = it.next();
        out.addAll(fieldErrors(f.getValue(), prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey()));
      }
    }
    return out;
  }

  /**
   * Files {@code errors} at {@code path}. A parent's own errors and its nested children's meet in one
   * table, as in Kong's error tree: an error object already filed on the way down becomes a map.
   */
  private static void put(Map<Object, Object> root, List<Object> path, JsonNode errors) {
    Map<Object, Object> node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object seg = key(path.get(i));
      Map<Object, Object> child = asMap(node.get(seg));
      node.put(seg, child);
      node = child;
    }
    Object last = key(path.getLast());
    Object old = node.get(last);
    if (old == null) {
      node.put(last, errors);
      return;
    }
    Map<Object, Object> merged = asMap(old);
    if (errors.isObject()) {
      errors.fields().forEachRemaining(f -> merged.put(f.getKey(), f.getValue()));
    } else {
      merged.put("@entity", errors);
    }
    node.put(last, merged);
  }

  private static Object key(Object seg) {
    return seg instanceof Integer n ? (Object) (n + 1) : seg;
  }

  /** A tree node as a mutable map: an error object's fields, or an entity-level message under {@code @entity}. */
  @SuppressWarnings("unchecked")
  private static Map<Object, Object> asMap(@Nullable Object v) {
    if (v instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    Map<Object, Object> m = new TreeMap<>(DeclarativeConfigException::compareKeys);
    if (v instanceof ObjectNode o) {
      o.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
    } else if (v instanceof JsonNode n) {
      m.put("@entity", n);
    }
    return m;
  }

  private static int compareKeys(Object a, Object b) {
    if (a instanceof Integer x && b instanceof Integer y) {
      return Integer.compare(x, y);
    }
    return a.toString().compareTo(b.toString());
  }

  /**
   * A Lua table as Kong's cjson encodes it: keys 1..n become an array (holes as null) unless the
   * array would be excessively sparse, then an object with string keys.
   */
  private static JsonNode toJson(Object v) {
    if (v instanceof JsonNode n) {
      return n;
    }
    Map<?, ?> m = (Map<?, ?>) v;
    boolean allInts = m.keySet().stream().allMatch(k -> k instanceof Integer);
    int max = allInts ? m.keySet().stream().mapToInt(k -> (Integer) k).max().orElse(0) : 0;
    if (allInts && !m.isEmpty() && (max <= 10 || max <= 2 * m.size())) {
      ArrayNode a = Json.array();
      for (int i = 1; i <= max; i++) {
        Object x = m.get(i);
        a.add(x == null ? Json.NODES.nullNode() : toJson(x));
      }
      return a;
    }
    ObjectNode o = Json.object();
    m.forEach((k, x) -> o.set(k.toString(), toJson(x)));
    return o;
  }
}
