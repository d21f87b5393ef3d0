package io.gatehouse.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds Kong's schema-violation message from a field-error tree: entity-level errors first, then
 * fields in sorted order, one level dotted ({@code config.minute: …}, {@code protocols.1: …}),
 * deeper levels printed as a Lua table; {@code schema violation (x)} or {@code N schema violations (x; y)}.
 */
final class SchemaViolationMessage {
  private SchemaViolationMessage() {}

  static String of(ObjectNode errors) {
    List<String> parts = new ArrayList<>();
    JsonNode entity = errors.get("@entity");
    if (entity != null) {
      entity.forEach(e -> parts.add(e.asText()));
    }
    List<String> keys = new ArrayList<>();
    errors.fieldNames().forEachRemaining(keys::add);
    Collections.sort(keys);
    for (String key : keys) {
      if (!key.equals("@entity")) {
        addField(parts, key, errors.get(key));
      }
    }
    if (parts.size() == 1) {
      return "schema violation (" + parts.get(0) + ")";
    }
    return parts.size() + " schema violations (" + String.join("; ", parts) + ")";
  }

  private static void addField(List<String> parts, String key, JsonNode value) {
    if (value.isTextual()) {
      parts.add(key + ": " + value.asText());
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        JsonNode e = value.get(i);
        if (e != null && !e.isNull()) {
          parts.add(key + "." + (i + 1) + ": " + (e.isTextual() ? e.asText() : LuaTable.render(e)));
        }
      }
    } else if (value.isObject()) {
      List<String> sub = new ArrayList<>();
      value.fieldNames().forEachRemaining(sub::add);
      Collections.sort(sub);
      for (String s : sub) {
        JsonNode e = value.get(s);
        String name = s.equals("@entity") ? key : key + "." + s;
        if (e.isArray() && s.equals("@entity")) {
          e.forEach(m -> parts.add(name + ": " + m.asText()));
        } else {
          parts.add(name + ": " + (e.isTextual() ? e.asText() : LuaTable.render(e)));
        }
      }
    }
  }
}
