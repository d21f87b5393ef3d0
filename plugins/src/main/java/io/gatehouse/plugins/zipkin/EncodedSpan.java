package io.gatehouse.plugins.zipkin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** One finished span, encoded once as Zipkin v2 JSON on the request's thread, queued like a log entry. */
record EncodedSpan(byte[] json) implements LogEntry {

  static EncodedSpan of(ObjectNode span) {
    try {
      return new EncodedSpan(Json.MAPPER.writeValueAsBytes(span));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] toJsonBytes() {
    return json;
  }

  @Override
  public Map<String, Object> toMap() {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
