package io.gatehouse.admin.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.core.json.Json;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The outline of an OpenAPI (or Swagger 2) document that the catalogue shows: its title, version and
 * operations (method, path, summary). YAML is read as a superset of JSON, with SnakeYAML's alias
 * limits against expansion bombs.
 */
final class OpenApiOutline {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private OpenApiOutline() {}

  /** The document as a tree, or null when it is not a JSON or YAML object naming {@code openapi} or {@code swagger}. */
  static @Nullable JsonNode read(String text) {
    try {
      JsonNode doc = YAML.readTree(text);
      return doc != null && doc.isObject() && (doc.has("openapi") || doc.has("swagger")) ? doc : null;
    } catch (JsonProcessingException | RuntimeException e) { // SnakeYAML's limits throw unchecked
      return null;
    }
  }

  /** The outline of a readable document, or null. */
  static @Nullable ObjectNode of(@Nullable String text) {
    JsonNode doc = text == null ? null : read(text);
    if (doc == null) return null;
    ObjectNode out = Json.object();
    out.put("title", Json.text(doc.path("info"), "title"));
    out.put("version", Json.text(doc.path("info"), "version"));
    ArrayNode ops = out.putArray("operations");
    doc.path("paths").properties().forEach(path -> METHODS.forEach(m -> {
      JsonNode op = path.getValue().get(m);
      if (op != null && op.isObject()) {
        ops.addObject().put("method", m.toUpperCase(Locale.ROOT)).put("path", path.getKey())
            .put("summary", Json.text(op, "summary")).put("operation_id", Json.text(op, "operationId"));
      }
    }));
    return out;
  }
}
