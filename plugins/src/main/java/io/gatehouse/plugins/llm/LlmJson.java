package io.gatehouse.plugins.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON as plain maps and lists, the shape Kong's drivers work on (cjson tables). */
public final class LlmJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LlmJson() {}

  /** A JSON object, or null when the bytes are not one. */
  @SuppressWarnings("unchecked")
  public static @Nullable Map<String, @Nullable Object> object(byte[] json) {
    try {
      Object v = MAPPER.readValue(json, Object.class);
      return v instanceof Map<?, ?> m ? (Map<String, @Nullable Object>) m : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Any JSON value (object, array, scalar), or null when the bytes are not JSON. */
  public static @Nullable Object any(byte[] json) {
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (IOException e) {
      return null;
    }
  }

  public static @Nullable Map<String, @Nullable Object> object(String json) {
    return object(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A member that is an object, else null. */
  @SuppressWarnings("unchecked")
  public static @Nullable Map<String, @Nullable Object> map(@Nullable Object parent, String key) {
    return parent instanceof Map<?, ?> m && m.get(key) instanceof Map<?, ?> v ? (Map<String, @Nullable Object>) v : null;
  }

  /** A member that is an array, else an empty list. */
  public static List<?> list(@Nullable Object parent, String key) {
    return parent instanceof Map<?, ?> m && m.get(key) instanceof List<?> v ? v : List.of();
  }

  /** A member that is a string, else null. */
  public static @Nullable String string(@Nullable Object parent, String key) {
    return parent instanceof Map<?, ?> m && m.get(key) instanceof String s ? s : null;
  }

  /** A member that is a number, else null. */
  public static @Nullable Number number(@Nullable Object parent, String key) {
    return parent instanceof Map<?, ?> m && m.get(key) instanceof Number n ? n : null;
  }

  /** An ordered map built from key/value pairs, nulls kept (they encode as JSON null). */
  public static Map<String, @Nullable Object> of(@Nullable Object... keysAndValues) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** Deep copy of a parsed request, so translations never change what other plugins share. */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> copy(Map<String, @Nullable Object> source) {
    return (Map<String, @Nullable Object>) MAPPER.convertValue(source, Map.class);
  }
}
