package io.gatehouse.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns Admin API input into a complete, valid entity the way Kong's DAO does: shorthands,
 * unknown-field rejection, write transformations, defaults, auto fields (id, timestamps), set
 * de-duplication, field validation, then entity checks. Any error becomes one code-2 schema
 * violation carrying every problem found.
 */
public final class EntityProcessor {
  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final Clock clock;

  public EntityProcessor(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static boolean isUuid(@Nullable String s) {
    return s != null && UUID_PATTERN.matcher(s).matches();
  }

  /** A new entity from POST input: every omitted field takes its default, id is generated if absent. */
  public ObjectNode insert(Schema schema, ObjectNode input) {
    return insert(schema, input, true);
  }

  /**
   * An insert that may skip the schema's {@linkplain Schema#skippableTransformations skippable}
   * write transformations: a declarative file with {@code _transform: false} holds values as stored
   * (basic-auth password hashes exported from Kong).
   */
  public ObjectNode insert(Schema schema, ObjectNode input, boolean transform) {
    ObjectNode errors = Json.object();
    ObjectNode e = prepareInput(schema, input, errors, transform);
    fillDefaults(schema.fields(), e, schema);
    setAutoFields(schema, e, null);
    return finish(schema, e, errors);
  }

  /**
   * A PUT: the body is the complete entity (omitted fields return to defaults); {@code existing}
   * only lends its {@code created_at}.
   */
  public ObjectNode upsert(Schema schema, ObjectNode input, @Nullable ObjectNode existing) {
    ObjectNode errors = Json.object();
    ObjectNode e = prepareInput(schema, input, errors);
    fillDefaults(schema.fields(), e, schema);
    setAutoFields(schema, e, existing);
    return finish(schema, e, errors);
  }

  /** A PATCH: the patch merged over the stored entity (records merge, arrays replace). */
  public ObjectNode update(Schema schema, ObjectNode existing, ObjectNode patch) {
    ObjectNode errors = Json.object();
    ObjectNode p = prepareInput(schema, patch, errors);
    for (Field f : schema.fields()) {
      if (f.isImmutable() && p.has(f.name()) && !p.get(f.name()).equals(existing.get(f.name()))) {
        errors.put(f.name(), "immutable field cannot be updated");
      }
    }
    ObjectNode merged = existing.deepCopy();
    merge(merged, p, schema.fields());
    merged.set("id", existing.get("id"));
    fillDefaults(schema.fields(), merged, schema);
    setAutoFields(schema, merged, existing);
    return finish(schema, merged, errors);
  }

  /** Field errors of an otherwise complete entity, or null when it is valid. */
  public @Nullable ObjectNode errors(Schema schema, ObjectNode entity) {
    ObjectNode errors = Json.object();
    validateFields(schema.fields(), entity, errors, schema);
    if (errors.isEmpty()) {
      EntityCheck.Errors collector = new EntityCheck.Errors(errors);
      for (EntityCheck c : schema.checks()) {
        if (!readsReference(schema, c, entity)) {
          c.check(entity, collector);
        }
      }
    }
    return errors.isEmpty() ? null : errors;
  }

  private ObjectNode prepareInput(Schema schema, ObjectNode input, ObjectNode errors) {
    return prepareInput(schema, input, errors, true);
  }

  private ObjectNode prepareInput(Schema schema, ObjectNode input, ObjectNode errors, boolean transform) {
    ObjectNode e = input.deepCopy();
    for (Schema.Shorthand s : schema.shorthands()) {
      JsonNode v = e.remove(s.name());
      if (v != null && !v.isNull()) {
        try {
          s.expand().accept(v, e);
        } catch (IllegalArgumentException ex) {
          errors.put(s.name(), ex.getMessage());
        }
      }
    }
    expandAliases(schema.fields(), e, schema);
    rejectUnknown(schema.fields(), e, errors, schema);
    for (var t : schema.transformations()) {
      e = t.apply(e);
    }
    if (transform) {
      for (var t : schema.skippableTransformations()) {
        e = t.apply(e);
      }
    }
    return e;
  }

  private ObjectNode finish(Schema schema, ObjectNode e, ObjectNode errors) {
    normalize(schema.fields(), e, schema);
    validateFields(schema.fields(), e, errors, schema);
    if (errors.isEmpty()) {
      EntityCheck.Errors collector = new EntityCheck.Errors(errors);
      for (EntityCheck c : schema.checks()) {
        if (!readsReference(schema, c, e)) {
          c.check(e, collector);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw KongException.schemaViolation(errors);
    }
    return ordered(schema, e);
  }

  /** Kong skips an entity check when one of its fields holds a reference in a referenceable field. */
  private static boolean readsReference(Schema schema, EntityCheck c, ObjectNode e) {
    if (!(c instanceof EntityCheck.Simple simple)) {
      return false;
    }
    for (String name : simple.fields()) {
      Field f = schema.field(name);
      JsonNode v = e.get(name);
      if (f != null && f.isReferenceable() && v != null && v.isTextual() && Field.isReference(v.asText())) {
        return true;
      }
    }
    return false;
  }

  /** The entity with its fields in schema order, so output and exports are stable. */
  private static ObjectNode ordered(Schema schema, ObjectNode e) {
    ObjectNode out = Json.object();
    for (Field f : schema.fields()) {
      if (e.has(f.name())) {
        out.set(f.name(), e.get(f.name()));
      }
    }
    e.fields().forEachRemaining(x -> {
      if (!out.has(x.getKey())) {
        out.set(x.getKey(), x.getValue());
      }
    });
    return out;
  }

  private void setAutoFields(Schema schema, ObjectNode e, @Nullable ObjectNode existing) {
    JsonNode id = e.get("id");
    if (schema.field("id") != null && (id == null || id.isNull())) {
      e.put("id", existing != null ? existing.get("id").asText() : UUID.randomUUID().toString());
    }
    long millis = clock.millis();
    JsonNode now = schema.preciseTimestamps()
        ? Json.NODES.numberNode(Math.floor(millis) / 1000.0)
        : Json.NODES.numberNode(millis / 1000);
    if (schema.field("created_at") != null) {
      JsonNode created = existing == null ? null : existing.get("created_at");
      e.set("created_at", created != null && !created.isNull() ? created : now);
    }
    if (schema.field("updated_at") != null) {
      e.set("updated_at", now);
    }
    for (Field f : schema.fields()) {
      JsonNode v = e.get(f.name());
      if (f.isAuto() && f.type() == Field.Type.STRING && !f.isUuid() && (v == null || v.isNull())) {
        e.put(f.name(), RandomStrings.kongAuto()); // key-auth key, jwt secret … (reference plugins §1.5)
      }
    }
  }

  private void rejectUnknown(List<Field> fields, ObjectNode value, ObjectNode errors, @Nullable Schema schema) {
    Iterator<String> names = value.fieldNames();
    Set<String> known = new HashSet<>();
    fields.forEach(f -> known.add(f.name()));
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        errors.put(n, "unknown field");
      }
    }
    for (Field f : fields) {
      JsonNode v = value.get(f.name());
      Field record = recordFor(f, value, schema);
      if (record != null && v instanceof ObjectNode o) {
        ObjectNode sub = Json.object();
        rejectUnknown(record.fields(), o, sub, null);
        if (!sub.isEmpty()) {
          errors.set(f.name(), sub);
        }
      }
    }
  }

  /** Kong's renaming shorthands of records ({@link Field#alias}): the alias's value goes to its target. */
  private static void expandAliases(List<Field> fields, ObjectNode value, @Nullable Schema schema) {
    for (Field f : fields) {
      Field record = recordFor(f, value, schema);
      if (record != null && value.get(f.name()) instanceof ObjectNode o) {
        record.aliases().forEach((alias, target) -> {
          JsonNode v = o.remove(alias);
          if (v != null && !v.isNull()) o.set(target, v);
        });
        expandAliases(record.fields(), o, null);
      }
    }
  }

  /** The record schema of a field: its own, or the subschema selected by the entity (plugin config). */
  private static @Nullable Field recordFor(Field f, ObjectNode entity, @Nullable Schema schema) {
    if (schema != null && schema.subschema() != null && schema.subschema().targetField().equals(f.name())) {
      String key = Json.text(entity, schema.subschema().keyField());
      return key == null ? null : schema.subschema().lookup().apply(key);
    }
    return f.type() == Field.Type.RECORD ? f : null;
  }

  private void fillDefaults(List<Field> fields, ObjectNode e, @Nullable Schema schema) {
    for (Field f : fields) {
      JsonNode v = e.get(f.name());
      Field record = recordFor(f, e, schema);
      if (v == null) {
        if (f.hasDefault()) {
          e.set(f.name(), f.defaultValue());
        } else if (record != null && !f.isNullableRecord()) {
          ObjectNode sub = Json.object();
          fillDefaults(record.fields(), sub, null);
          e.set(f.name(), sub);
        } else if (f.isAuto() && schema == null && f.type() == Field.Type.STRING) {
          e.put(f.name(), RandomStrings.kongAuto()); // a generated config value (Kong: a random default)
        } else if (!f.isAuto()) {
          e.putNull(f.name());
        }
        continue;
      }
      if (record != null && v instanceof ObjectNode o) {
        fillDefaults(record.fields(), o, null);
      }
    }
  }

  private void merge(ObjectNode target, ObjectNode patch, List<Field> fields) {
    patch.fields().forEachRemaining(entry -> {
      JsonNode old = target.get(entry.getKey());
      JsonNode nv = entry.getValue();
      Field f = null;
      for (Field x : fields) {
        if (x.name().equals(entry.getKey())) {
          f = x;
        }
      }
      boolean isRecord = f != null && (f.type() == Field.Type.RECORD || entry.getKey().equals("config"));
      if (isRecord && old instanceof ObjectNode o && nv instanceof ObjectNode n) {
        merge(o, n, f.type() == Field.Type.RECORD ? f.fields() : List.of());
      } else {
        target.set(entry.getKey(), nv);
      }
    });
  }

  private void normalize(List<Field> fields, ObjectNode e, @Nullable Schema schema) {
    for (Field f : fields) {
      JsonNode v = e.get(f.name());
      if (v == null || v.isNull()) {
        continue;
      }
      if (f.type() == Field.Type.SET && v instanceof ArrayNode arr) {
        ArrayNode dedup = Json.array();
        Set<JsonNode> seen = new HashSet<>();
        arr.forEach(x -> {
          if (seen.add(x)) {
            dedup.add(x);
          }
        });
        e.set(f.name(), dedup);
      } else if (f.type() == Field.Type.FOREIGN && v instanceof ObjectNode o && o.has("id")) {
        e.set(f.name(), Json.object().set("id", o.get("id")));
      } else if (v instanceof ObjectNode o) {
        Field record = recordFor(f, e, schema);
        if (record != null) {
          normalize(record.fields(), o, null);
        }
      }
    }
  }

  private void validateFields(List<Field> fields, ObjectNode e, ObjectNode errors, @Nullable Schema schema) {
    for (Field f : fields) {
      if (errors.has(f.name())) {
        continue;
      }
      JsonNode v = e.get(f.name());
      if (v == null || v.isNull()) {
        if (f.isRequired()) {
          errors.put(f.name(), "required field missing");
        }
        continue;
      }
      Field record = recordFor(f, e, schema);
      if (record != null && record != f) {
        if (!(v instanceof ObjectNode o)) {
          errors.put(f.name(), "expected a record");
        } else {
          ObjectNode sub = Json.object();
          validateFields(record.fields(), o, sub, null);
          if (sub.isEmpty()) {
            EntityCheck.Errors c = new EntityCheck.Errors(sub, errors);
            record.recordChecks().forEach(check -> check.check(o, c));
          }
          if (!sub.isEmpty()) {
            errors.set(f.name(), sub);
          }
        }
        continue;
      }
      JsonNode err = validateValue(f, v);
      if (err != null) {
        errors.set(f.name(), err);
      }
    }
  }

  /** The error for one value (a string, or a tree for containers), or null. */
  @Nullable JsonNode validateValue(Field f, JsonNode v) {
    switch (f.type()) {
      case STRING -> {
        if (!v.isTextual()) {
          return text("expected a string");
        }
        int lenMin = f.lenMin() == null ? 1 : f.lenMin();
        if (v.asText().length() < lenMin) {
          return text("length must be at least " + lenMin);
        }
        if (f.lenMax() != null && v.asText().length() > f.lenMax()) {
          return text("length must be at most " + f.lenMax());
        }
        if (f.isReferenceable() && Field.isReference(v.asText())) {
          return null; // Kong validates a secret reference's value only once it is resolved
        }
        if (f.isUuid() && !isUuid(v.asText())) {
          return text("expected a valid UUID");
        }
      }
      case INTEGER -> {
        if (!v.isNumber() || (!v.isIntegralNumber() && v.asDouble() != Math.floor(v.asDouble()))) {
          return text("expected an integer");
        }
      }
      case NUMBER -> {
        if (!v.isNumber()) {
          return text("expected a number");
        }
      }
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          return text("expected a boolean");
        }
      }
      case ARRAY, SET -> {
        if (!v.isArray()) {
          return text(f.type() == Field.Type.SET ? "expected a set" : "expected an array");
        }
        if (f.lenMin() != null && v.size() < f.lenMin()) {
          return text("length must be at least " + f.lenMin());
        }
        if (f.lenMax() != null && v.size() > f.lenMax()) {
          return text("length must be at most " + f.lenMax());
        }
        ArrayNode errs = Json.array();
        boolean any = false;
        for (JsonNode x : v) {
          JsonNode err = x.isNull() ? text("required field missing") : validateValue(Objects.requireNonNull(f.elements()), x);
          errs.add(err == null ? Json.NODES.nullNode() : err);
          any |= err != null;
        }
        if (any) {
          while (errs.size() > 0 && errs.get(errs.size() - 1).isNull()) {
            errs.remove(errs.size() - 1);
          }
          return errs;
        }
      }
      case MAP -> {
        if (!v.isObject()) {
          return text("expected a map");
        }
        // Kong stops at the first bad key or value and reports it on the map field itself.
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          var entry = it.next();
          JsonNode kerr = validateValue(Objects.requireNonNull(f.keys()), text(entry.getKey()));
          if (kerr != null) {
            return kerr;
          }
          JsonNode verr = entry.getValue().isNull() ? null : validateValue(Objects.requireNonNull(f.values()), entry.getValue());
          if (verr != null) {
            return verr.isTextual() ? verr : Json.object().set(entry.getKey(), verr);
          }
        }
      }
      case RECORD -> {
        if (!(v instanceof ObjectNode o)) {
          return text("expected a record");
        }
        ObjectNode sub = Json.object();
        validateFields(f.fields(), o, sub, null);
        if (sub.isEmpty()) {
          EntityCheck.Errors c = new EntityCheck.Errors(sub);
          f.recordChecks().forEach(check -> check.check(o, c));
        }
        if (!sub.isEmpty()) {
          return sub;
        }
      }
      case FOREIGN -> {
        if (!(v instanceof ObjectNode o)) {
          return text("expected a record");
        }
        JsonNode id = o.get("id");
        if (id == null || id.isNull()) {
          return Json.object().put("id", "missing primary key");
        }
        if (!id.isTextual() || !isUuid(id.asText())) {
          return Json.object().put("id", "expected a valid UUID");
        }
      }
      case JSON -> {
        return null;
      }
    }
    if (f.oneOfValues() != null && !f.oneOfValues().contains(v)) {
      StringBuilder s = new StringBuilder("expected one of: ");
      for (int i = 0; i < f.oneOfValues().size(); i++) {
        s.append(i == 0 ? "" : ", ").append(f.oneOfValues().get(i).asText());
      }
      return text(s.toString());
    }
    if (f.min() != null && (v.asDouble() < f.min().doubleValue() || v.asDouble() > f.max().doubleValue())) {
      return text("value should be between " + f.min() + " and " + f.max());
    }
    if (f.gt() != null && v.isNumber() && v.asDouble() <= f.gt().doubleValue()) {
      return text("value must be greater than " + f.gt());
    }
    for (Field.Check c : f.checks()) {
      String err = c.apply(v);
      if (err != null) {
        return text(err);
      }
    }
    return null;
  }

  private static JsonNode text(String s) {
    return Json.NODES.textNode(s);
  }
}
