package io.gatehouse.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A rule over several fields of one entity (Kong's {@code entity_checks}). Runs after every field
 * is individually valid and reports into {@link Errors}.
 */
public interface EntityCheck {

  void check(ObjectNode entity, Errors errors);

  /** The check as {@code GET /schemas/…} shows it, e.g. {@code {"at_least_one_of":["a","b"]}}. */
  ObjectNode describe();

  /** {@code at least one of these fields must be non-empty: 'a', 'b'}. */
  static EntityCheck atLeastOneOf(String... fields) {
    return new Simple("at_least_one_of", fields, (e, errors) -> {
      for (String f : fields) {
        if (!isEmpty(e.get(f))) {
          return;
        }
      }
      errors.entity("at least one of these fields must be non-empty: " + quoted(fields));
    });
  }

  /** {@code only one or none of these fields must be set: 'a', 'b'}. */
  static EntityCheck mutuallyExclusive(String... fields) {
    return new Simple("mutually_exclusive", fields, (e, errors) -> {
      long set = java.util.Arrays.stream(fields).filter(f -> !isNull(e.get(f))).count();
      if (set > 1) {
        errors.entity("only one or none of these fields must be set: " + quoted(fields));
      }
    });
  }

  /** {@code all or none of these fields must be set: 'a', 'b'}. */
  static EntityCheck mutuallyRequired(String... fields) {
    return new Simple("mutually_required", fields, (e, errors) -> {
      long set = java.util.Arrays.stream(fields).filter(f -> !isNull(e.get(f))).count();
      if (set != 0 && set != fields.length) {
        errors.entity("all or none of these fields must be set: " + quoted(fields));
      }
    });
  }

  /** {@code values of these fields must be distinct: 'a', 'b'} (when both are set). */
  static EntityCheck distinct(String... fields) {
    return new Simple("distinct", fields, (e, errors) -> {
      for (int i = 0; i < fields.length; i++) {
        for (int j = i + 1; j < fields.length; j++) {
          JsonNode a = e.get(fields[i]);
          JsonNode b = e.get(fields[j]);
          if (!isNull(a) && a.equals(b)) {
            errors.entity("values of these fields must be distinct: " + quoted(fields));
            return;
          }
        }
      }
    });
  }

  /**
   * Kong's {@code conditional}: when {@code ifField} satisfies {@code when}, {@code thenField} must
   * satisfy {@code then}, else {@code failed conditional validation given value of field 'x'} and
   * the field error {@code thenMessage}.
   */
  static EntityCheck conditional(
      String ifField, Predicate<JsonNode> when, String thenField, Predicate<JsonNode> then, String thenMessage) {
    return new Simple("conditional", new String[] {ifField, thenField}, (e, errors) -> {
      if (when.test(e.get(ifField)) && !then.test(e.get(thenField))) {
        errors.entity("failed conditional validation given value of field '" + ifField + "'");
        errors.field(thenField, thenMessage);
      }
    });
  }

  /** A custom rule, described under {@code custom_entity_check}. */
  static EntityCheck custom(List<String> fields, BiConsumer<ObjectNode, Errors> rule) {
    return new Simple("custom_entity_check", fields.toArray(String[]::new), rule);
  }

  static boolean isNull(JsonNode v) {
    return v == null || v.isNull();
  }

  static boolean isEmpty(JsonNode v) {
    return isNull(v) || (v.isTextual() && v.asText().isEmpty()) || (v.isContainerNode() && v.isEmpty());
  }

  private static String quoted(String[] fields) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      s.append(i == 0 ? "" : ", ").append('\'').append(fields[i]).append('\'');
    }
    return s.toString();
  }

  /** Collects entity-level and field errors into Kong's {@code fields} tree. */
  final class Errors {
    private final ObjectNode tree;
    private final ObjectNode root;

    public Errors(ObjectNode tree) {
      this(tree, tree);
    }

    /**
     * Errors of a nested record (a plugin's {@code config}) whose entity-level messages may also be
     * reported on the enclosing entity, as Kong does for plugin entity checks over
     * {@code config.*} fields.
     */
    public Errors(ObjectNode tree, ObjectNode root) {
      this.tree = tree;
      this.root = root;
    }

    public void entity(String message) {
      addEntity(tree, message);
    }

    /**
     * An entity-level message on the enclosing entity ({@code @entity} of the plugin rather than of
     * its {@code config}); the same as {@link #entity} for a top-level entity.
     */
    public void rootEntity(String message) {
      addEntity(root, message);
    }

    private static void addEntity(ObjectNode target, String message) {
      JsonNode list = target.get("@entity");
      if (list == null) {
        target.set("@entity", Json.array().add(message));
      } else {
        ((com.fasterxml.jackson.databind.node.ArrayNode) list).add(message);
      }
    }

    public void field(String name, String message) {
      if (!tree.has(name)) {
        tree.put(name, message);
      }
    }

    /**
     * A message on one element of an array field, in Kong's shape for element errors
     * ({@code ["first error", null, "third"]}); the field's own message, if any, is kept.
     */
    public void element(String name, int index, String message) {
      JsonNode current = tree.get(name);
      if (current != null && !current.isArray()) {
        return;
      }
      com.fasterxml.jackson.databind.node.ArrayNode list =
          current == null ? tree.putArray(name) : (com.fasterxml.jackson.databind.node.ArrayNode) current;
      while (list.size() <= index) {
        list.addNull();
      }
      if (list.get(index).isNull()) {
        list.set(index, Json.NODES.textNode(message));
      }
    }

    public boolean isEmpty() {
      return tree.isEmpty();
    }
  }

  /** A named check over a list of fields. */
  record Simple(String kind, String[] fields, BiConsumer<ObjectNode, Errors> rule) implements EntityCheck {
    @Override
    public void check(ObjectNode entity, Errors errors) {
      rule.accept(entity, errors);
    }

    @Override
    public ObjectNode describe() {
      var arr = Json.array();
      for (String f : fields) {
        arr.add(f);
      }
      ObjectNode inner = kind.equals("conditional") || kind.equals("custom_entity_check")
          ? Json.object().set("field_sources", arr)
          : null;
      return inner != null ? Json.object().set(kind, inner) : Json.object().set(kind, arr);
    }
  }
}
