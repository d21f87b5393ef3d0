package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.LogEntry;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * The runtime's {@link LogEntry}: the serializer's JSON tree, encoded when a sink asks (on the
 * sink's own thread, not the event loop).
 */
final class JsonLogEntry implements LogEntry {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final ObjectNode tree;

  JsonLogEntry(ObjectNode tree) {
    this.tree = Objects.requireNonNull(tree, "tree");
  }

  @Override
  public byte[] toJsonBytes() {
    try {
      return Json.MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, Object> toMap() {
    return Json.MAPPER.convertValue(tree, MAP);
  }
}
