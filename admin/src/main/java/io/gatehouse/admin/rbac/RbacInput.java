package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.BodyParser;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.Action;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A decoded {@code /rbac} request body (JSON or form) with typed reads; every problem is Kong's
 * schema violation (400, code 2) naming the field.
 */
final class RbacInput {
  private final ObjectNode body;

  private RbacInput(ObjectNode body) {
    this.body = body;
  }

  /** The request's body; a field not in {@code allowed} is refused as Kong refuses unknown fields. */
  static RbacInput of(AdminRequest req, Set<String> allowed) {
    ObjectNode body = BodyParser.decode(req).body();
    ObjectNode errors = Json.object();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        errors.put(f, "unknown field");
      }
    }
    if (!errors.isEmpty()) {
      throw KongException.schemaViolation(errors);
    }
    return new RbacInput(body);
  }

  boolean has(String field) {
    return body.has(field);
  }

  /** A non-empty string field, or null when absent. */
  @Nullable String text(String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw violation(field, "expected a non-empty string");
    }
    return v.asText();
  }

  String required(String field) {
    String v = text(field);
    if (v == null) {
      throw violation(field, "required field missing");
    }
    return v;
  }

  /** A boolean field (form input sends {@code true}/{@code false} as text). */
  boolean bool(String field, boolean fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw violation(field, "expected a boolean");
  }

  /** {@code actions} as bits: an array of names or a comma-separated string; all when absent. */
  int actions() {
    JsonNode v = body.get("actions");
    if (v == null || v.isNull()) {
      return Action.ALL;
    }
    int bits = 0;
    Iterable<String> names = v.isArray()
        ? () -> java.util.stream.StreamSupport.stream(v.spliterator(), false).map(JsonNode::asText).iterator()
        : java.util.Arrays.asList(v.asText().split(","));
    for (String n : names) {
      Action a = Action.named(n);
      if (a == null) {
        throw violation("actions", "unknown action '" + n.trim() + "' (expected read, create, update or delete)");
      }
      bits |= a.bit();
    }
    if (bits == 0) {
      throw violation("actions", "expected at least one action");
    }
    return bits;
  }

  /** The role names of a {@code roles} field (array or comma-separated string). */
  java.util.List<String> names(String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw violation(field, "required field missing");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    if (v.isArray()) {
      v.forEach(n -> out.add(n.asText().trim()));
    } else {
      for (String n : v.asText().split(",")) {
        out.add(n.trim());
      }
    }
    out.removeIf(String::isEmpty);
    if (out.isEmpty()) {
      throw violation(field, "expected at least one name");
    }
    return out;
  }

  static KongException violation(String field, String message) {
    return KongException.schemaViolation(Json.object().put(field, message));
  }
}
