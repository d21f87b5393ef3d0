package io.gatehouse.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One field of a schema, in Kong's schema vocabulary (type, required, default, one_of, between,
 * elements, fields …). Fields are declared once, in static schema definitions, with the fluent
 * methods below, and are not changed afterwards.
 */
public final class Field {

  /** Kong's field types. */
  public enum Type {
    STRING("string"), INTEGER("integer"), NUMBER("number"), BOOLEAN("boolean"), ARRAY("array"),
    SET("set"), MAP("map"), RECORD("record"), FOREIGN("foreign"), JSON("json");

    private final String kongName;

    Type(String kongName) {
      this.kongName = kongName;
    }

    public String kongName() {
      return kongName;
    }
  }

  /** A custom check: returns an error message, or null when the value is fine. */
  @FunctionalInterface
  public interface Check extends Function<JsonNode, @Nullable String> {}

  private final String name;
  private final Type type;
  private boolean required;
  private @Nullable JsonNode defaultValue;
  private boolean auto;
  private boolean timestamp;
  private boolean unique;
  private boolean immutable;
  private boolean uuid;
  private boolean referenceable;
  private boolean nullableRecord;
  private @Nullable List<JsonNode> oneOf;
  private @Nullable Number min;
  private @Nullable Number max;
  private @Nullable Integer lenMin;
  private @Nullable Integer lenMax;
  private @Nullable Number gt;
  private @Nullable String description;
  private @Nullable Field elements;
  private @Nullable Field keys;
  private @Nullable Field values;
  private List<Field> fields = List.of();
  private java.util.Map<String, String> aliases = java.util.Map.of();
  private @Nullable String reference;
  private OnDelete onDelete = OnDelete.RESTRICT;
  private final List<Check> checks = new ArrayList<>();
  private final List<EntityCheck> recordChecks = new ArrayList<>();

  private Field(String name, Type type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
  }

  public static Field string(String name) {
    return new Field(name, Type.STRING);
  }

  public static Field integer(String name) {
    return new Field(name, Type.INTEGER);
  }

  public static Field number(String name) {
    return new Field(name, Type.NUMBER);
  }

  public static Field bool(String name) {
    return new Field(name, Type.BOOLEAN);
  }

  public static Field array(String name, Field elements) {
    Field f = new Field(name, Type.ARRAY);
    f.elements = elements;
    return f;
  }

  public static Field set(String name, Field elements) {
    Field f = new Field(name, Type.SET);
    f.elements = elements;
    return f;
  }

  public static Field map(String name, Field keys, Field values) {
    Field f = new Field(name, Type.MAP);
    f.keys = keys;
    f.values = values;
    return f;
  }

  public static Field record(String name, Field... fields) {
    Field f = new Field(name, Type.RECORD);
    f.fields = List.of(fields);
    return f;
  }

  /** Arbitrary JSON (used where a plugin has not declared a schema). */
  public static Field json(String name) {
    return new Field(name, Type.JSON);
  }

  /** A reference to a row of {@code table}, written as {@code {"id": "…"}}. */
  public static Field foreign(String name, String table, OnDelete onDelete) {
    Field f = new Field(name, Type.FOREIGN);
    f.reference = table;
    f.onDelete = onDelete;
    return f;
  }

  /** An element schema (for arrays, sets and maps) has no name of its own. */
  public static Field element(Type type) {
    return new Field("", type);
  }

  /**
   * On a record: Kong's deprecated shorthand field that only renames ({@code endpoint} of
   * opentelemetry writes {@code traces_endpoint}): input under {@code alias} is moved to
   * {@code target} before validation, overriding it; the alias is never stored or shown.
   */
  public Field alias(String alias, String target) {
    if (type != Type.RECORD) throw new IllegalStateException("alias: only a record has aliases, not " + type);
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>(aliases);
    m.put(Objects.requireNonNull(alias, "alias"), Objects.requireNonNull(target, "target"));
    aliases = java.util.Map.copyOf(m);
    return this;
  }

  /** This record's renaming shorthands, alias to target. */
  public java.util.Map<String, String> aliases() {
    return aliases;
  }

  public Field required() {
    this.required = true;
    return this;
  }

  public Field defaultValue(@Nullable Object value) {
    this.defaultValue = Json.MAPPER.valueToTree(value);
    return this;
  }

  public Field auto() {
    this.auto = true;
    return this;
  }

  /** Kong's {@code timestamp = true} (typedefs.auto_timestamp_s/_ms): shown in schema output. */
  public Field timestamp() {
    this.timestamp = true;
    return this;
  }

  public Field unique() {
    this.unique = true;
    return this;
  }

  public Field immutable() {
    this.immutable = true;
    return this;
  }

  public Field uuid() {
    this.uuid = true;
    return this;
  }

  public Field referenceable() {
    this.referenceable = true;
    return this;
  }

  /** A record that stays null when absent instead of being filled from its fields' defaults. */
  public Field nullableRecord() {
    this.nullableRecord = true;
    return this;
  }

  public Field oneOf(Object... values) {
    List<JsonNode> list = new ArrayList<>();
    for (Object v : values) {
      list.add(Json.MAPPER.valueToTree(v));
    }
    this.oneOf = List.copyOf(list);
    return this;
  }

  public Field between(Number min, Number max) {
    this.min = min;
    this.max = max;
    return this;
  }

  public Field lenMin(int n) {
    this.lenMin = n;
    return this;
  }

  /** Kong's {@code len_max} (strings, arrays, sets). */
  public Field lenMax(int n) {
    this.lenMax = n;
    return this;
  }

  /** Kong's {@code gt}: numbers strictly greater than {@code n}. */
  public Field gt(Number n) {
    this.gt = n;
    return this;
  }

  public Field description(String text) {
    this.description = text;
    return this;
  }

  public Field check(Check check) {
    this.checks.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  /** A rule over several fields of this record (a plugin config's entity checks). */
  public Field recordCheck(EntityCheck check) {
    this.recordChecks.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  public List<EntityCheck> recordChecks() {
    return Collections.unmodifiableList(recordChecks);
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public boolean isRequired() {
    return required;
  }

  public @Nullable JsonNode defaultValue() {
    return defaultValue == null ? null : defaultValue.deepCopy();
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  public boolean isAuto() {
    return auto;
  }

  public boolean isUnique() {
    return unique;
  }

  public boolean isImmutable() {
    return immutable;
  }

  public boolean isReferenceable() {
    return referenceable;
  }

  /** Kong's {@code is_reference}: a whole value of the form {@code {vault://…}}. */
  public static boolean isReference(String value) {
    return value.startsWith("{vault://") && value.endsWith("}");
  }

  public boolean isUuid() {
    return uuid;
  }

  public boolean isNullableRecord() {
    return nullableRecord;
  }

  public @Nullable List<JsonNode> oneOfValues() {
    return oneOf;
  }

  public @Nullable Number min() {
    return min;
  }

  public @Nullable Number max() {
    return max;
  }

  public @Nullable Integer lenMin() {
    return lenMin;
  }

  public @Nullable Integer lenMax() {
    return lenMax;
  }

  public @Nullable Number gt() {
    return gt;
  }

  public @Nullable Field elements() {
    return elements;
  }

  public @Nullable Field keys() {
    return keys;
  }

  public @Nullable Field values() {
    return values;
  }

  public List<Field> fields() {
    return fields;
  }

  public @Nullable Field field(String fieldName) {
    for (Field f : fields) {
      if (f.name.equals(fieldName)) {
        return f;
      }
    }
    return null;
  }

  public @Nullable String reference() {
    return reference;
  }

  public OnDelete onDelete() {
    return onDelete;
  }

  public List<Check> checks() {
    return Collections.unmodifiableList(checks);
  }

  /** This field in the shape of Kong's {@code GET /schemas/…} output (without functions). */
  public ObjectNode describe() {
    ObjectNode d = Json.object();
    d.put("type", type.kongName());
    if (required) {
      d.put("required", true);
    }
    if (defaultValue != null) {
      d.set("default", defaultValue.deepCopy());
    }
    if (timestamp) {
      d.put("timestamp", true);
    }
    if (auto) {
      d.put("auto", true);
    }
    if (unique) {
      d.put("unique", true);
    }
    if (immutable) {
      d.put("immutable", true);
    }
    if (uuid) {
      d.put("uuid", true);
    }
    if (referenceable) {
      d.put("referenceable", true);
    }
    if (oneOf != null) {
      d.set("one_of", Json.MAPPER.valueToTree(oneOf));
    }
    if (min != null) {
      d.set("between", Json.array().add(Json.MAPPER.valueToTree(min)).add(Json.MAPPER.valueToTree(max)));
    }
    if (lenMin != null) {
      d.put("len_min", lenMin);
    }
    if (lenMax != null) {
      d.put("len_max", lenMax);
    }
    if (gt != null) {
      d.set("gt", Json.MAPPER.valueToTree(gt));
    }
    if (description != null) {
      d.put("description", description);
    }
    if (reference != null) {
      d.put("reference", reference);
      d.put("on_delete", onDelete == OnDelete.CASCADE ? "cascade" : onDelete == OnDelete.SET_NULL ? "null" : "restrict");
    }
    if (elements != null) {
      d.set("elements", elements.describe());
    }
    if (keys != null) {
      d.set("keys", keys.describe());
    }
    if (values != null) {
      d.set("values", values.describe());
    }
    if (type == Type.RECORD) {
      d.set("fields", describeAll(fields));
      if (!recordChecks.isEmpty()) {
        var arr = Json.array();
        recordChecks.forEach(c -> arr.add(c.describe()));
        d.set("entity_checks", arr);
      }
    }
    return d;
  }

  static com.fasterxml.jackson.databind.node.ArrayNode describeAll(List<Field> fields) {
    var arr = Json.array();
    for (Field f : fields) {
      arr.add(Json.object().set(f.name, f.describe()));
    }
    return arr;
  }
}
