package io.gatehouse.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The one shared JSON mapper and small accessors for reading validated entity trees. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).nodeFactory(KongNumbers.INSTANCE).build();
  public static final JsonNodeFactory NODES = KongNumbers.INSTANCE;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** Parses JSON text; throws {@link IllegalArgumentException} when it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public static int integer(JsonNode node, String field, int fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asInt();
  }

  public static long longValue(JsonNode node, String field, long fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asLong();
  }

  public static boolean bool(JsonNode node, String field, boolean fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asBoolean();
  }

  /** A list of strings, empty when the field is null or absent. */
  public static List<String> strings(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(v.size());
    v.forEach(e -> out.add(e.asText()));
    return List.copyOf(out);
  }

  /** The id inside a foreign-key object such as {@code "service": {"id": "…"}}, or null. */
  public static @Nullable String foreignId(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      return null;
    }
    return text(v, "id");
  }

  /** A map of header-name to values, as route {@code headers}; empty when absent. */
  public static Map<String, List<String>> stringListMap(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> out.put(e.getKey(), strings(v, e.getKey())));
    return Map.copyOf(out);
  }
}
