package io.gatehouse.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.LogEntry;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * The runtime's {@link LogEntry}: the serializer's JSON tree. Bundled senders that already speak
 * Jackson take {@link #tree()} instead of encoding and parsing again. Goes with the old API once
 * the log queue holds encoded entries.
 */
public final class JsonLogEntry implements LogEntry {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final ObjectNode tree;

  public JsonLogEntry(ObjectNode tree) {
    this.tree = Objects.requireNonNull(tree, "tree");
  }

  /** The tree itself (owned by this entry's holder). */
  public ObjectNode tree() {
    return tree;
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
