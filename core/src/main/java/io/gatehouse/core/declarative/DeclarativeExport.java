package io.gatehouse.core.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kong's flat export (reference §3.5, {@code GET /config}, {@code config db_export}): every table in
 * registry order, entities by id, fields in schema order, foreign keys as id strings, unset fields
 * left out. Timestamps are left out too, so an export → import → export round trip is
 * byte-identical and a file kept in Git changes only when the configuration does.
 */
public final class DeclarativeExport {
  private static final Set<String> VOLATILE = Set.of("created_at", "updated_at");
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();

  private DeclarativeExport() {}

  /** The export as a tree: {@code _format_version}, {@code _transform: false}, then the tables. */
  public static ObjectNode tree(SchemaRegistry registry, Map<String, List<ObjectNode>> tables) {
    ObjectNode root = Json.object().put("_format_version", "3.0").put("_transform", false);
    for (Schema s : registry.all()) {
      List<ObjectNode> rows = tables.getOrDefault(s.name(), List.of());
      if (rows.isEmpty()) {
        continue;
      }
      ArrayNode out = root.putArray(s.name());
      rows.stream()
          .sorted(Comparator.comparing((ObjectNode e) -> e.path("id").asText()))
          .forEach(e -> out.add(flat(s, e)));
    }
    return root;
  }

  /** One entity as it appears in an export. */
  public static ObjectNode flat(Schema s, ObjectNode entity) {
    ObjectNode out = Json.object();
    for (Field f : s.fields()) {
      JsonNode v = entity.get(f.name());
      if (v == null || v.isNull() || VOLATILE.contains(f.name())) {
        continue;
      }
      out.set(f.name(), f.type() == Field.Type.FOREIGN && v.has("id") ? v.get("id") : v.deepCopy());
    }
    JsonNode ttl = entity.get("ttl");
    if (s.ttl() && ttl != null && ttl.isNumber()) {
      out.set("ttl", ttl);
    }
    return out;
  }

  public static String yaml(ObjectNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #tree} as canonical YAML. */
  public static String yaml(SchemaRegistry registry, Map<String, List<ObjectNode>> tables) {
    return yaml(tree(registry, tables));
  }
}
