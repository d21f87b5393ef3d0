package io.gatehouse.plugins.airesponsetransformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code parse_json_instructions}: the model answered a JSON object saying what to send —
 * {@code status} (200 when absent), {@code headers} (set over the upstream's) and {@code body}
 * (the whole object when absent; a string is sent as it is, anything else as JSON).
 */
record JsonInstructions(int status, Map<String, String> headers, Object body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the model's answer; throws {@link IllegalArgumentException} with the reason it cannot. */
  static JsonInstructions parse(String answer) {
    Object v;
    try {
      v = JSON.readValue(answer, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    if (!(v instanceof Map<?, ?> in)) throw new IllegalArgumentException("input not table or string");
    Map<String, String> headers = new LinkedHashMap<>();
    if (in.get("headers") instanceof Map<?, ?> h) {
      h.forEach((k, value) -> {
        if (value != null) headers.put(String.valueOf(k), value instanceof String s ? s : String.valueOf(value));
      });
    }
    Object status = in.get("status");
    int code = status instanceof Number n ? n.intValue() : status == null ? 200 : parseStatus(status);
    @Nullable Object body = in.get("body");
    return new JsonInstructions(code, headers, body != null ? body : in);
  }

  private static int parseStatus(Object status) {
    try {
      return Integer.parseInt(status.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("status is not a number: " + status);
    }
  }
}
