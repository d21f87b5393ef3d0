package io.gatehouse.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Schema-driven type coercion for form and query input only (JSON is never coerced): numbers from
 * numeric strings, {@code true}/{@code false} to booleans, a scalar sent to an array is wrapped.
 */
public final class FormCoercion {
  private FormCoercion() {}

  public static void coerce(Schema schema, ObjectNode entity, @Nullable String subschemaKey) {
    for (Field f : schema.fields()) {
      JsonNode v = entity.get(f.name());
      if (v == null || v.isNull()) {
        continue;
      }
      Field record = null;
      if (schema.subschema() != null && schema.subschema().targetField().equals(f.name())) {
        String key = subschemaKey != null ? subschemaKey : Json.text(entity, schema.subschema().keyField());
        record = key == null ? null : schema.subschema().lookup().apply(key);
      }
      if (record != null) {
        if (v instanceof ObjectNode o) {
          coerceFields(record.fields(), o);
        }
      } else {
        entity.set(f.name(), coerceValue(f, v));
      }
    }
  }

  static void coerceFields(List<Field> fields, ObjectNode obj) {
    for (Field f : fields) {
      JsonNode v = obj.get(f.name());
      if (v != null && !v.isNull()) {
        obj.set(f.name(), coerceValue(f, v));
      }
    }
  }

  static JsonNode coerceValue(Field f, JsonNode v) {
    switch (f.type()) {
      case INTEGER, NUMBER -> {
        if (v.isTextual()) {
          try {
            BigDecimal d = new BigDecimal(v.asText().trim());
            return d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0
                ? Json.NODES.numberNode(d.toBigIntegerExact().longValue())
                : Json.NODES.numberNode(d.doubleValue());
          } catch (NumberFormatException | ArithmeticException e) {
            return v;
          }
        }
        return v;
      }
      case BOOLEAN -> {
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
          return Json.NODES.booleanNode(Boolean.parseBoolean(v.asText()));
        }
        return v;
      }
      case ARRAY, SET -> {
        ArrayNode arr;
        if (v.isArray()) {
          arr = (ArrayNode) v;
        } else if (v.isObject() && isIndexMap(v)) {
          arr = Json.array();
          v.forEach(arr::add);
        } else {
          arr = Json.array().add(v);
        }
        Field el = f.elements();
        if (el != null) {
          for (int i = 0; i < arr.size(); i++) {
            if (!arr.get(i).isNull()) {
              arr.set(i, coerceValue(el, arr.get(i)));
            }
          }
        }
        return arr;
      }
      case MAP -> {
        if (v instanceof ObjectNode o && f.values() != null) {
          var names = new java.util.ArrayList<String>();
          o.fieldNames().forEachRemaining(names::add);
          for (String k : names) {
            if (!o.get(k).isNull()) {
              o.set(k, coerceValue(f.values(), o.get(k)));
            }
          }
        }
        return v;
      }
      case RECORD -> {
        if (v instanceof ObjectNode o) {
          coerceFields(f.fields(), o);
        }
        return v;
      }
      default -> {
        return v;
      }
    }
  }

  private static boolean isIndexMap(JsonNode v) {
    var it = v.fieldNames();
    while (it.hasNext()) {
      if (!it.next().matches("\\d+")) {
        return false;
      }
    }
    return true;
  }
}
