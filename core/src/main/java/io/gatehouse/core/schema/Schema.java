package io.gatehouse.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An entity schema in Kong's vocabulary: fields, entity checks, keys, shorthands and write
 * transformations. Core entities declare theirs in {@code io.gatehouse.core.entity}; plugins declare
 * their own entity types (credentials) the same way and register them in the
 * {@link SchemaRegistry}.
 */
public final class Schema {

  /** An input-only field expanded into real fields before validation (service {@code url}). */
  public record Shorthand(String name, BiConsumer<JsonNode, ObjectNode> expand) {}

  /** Selects the schema of a nested record by another field's value (a plugin's {@code config}). */
  public record Subschema(String keyField, String targetField, Function<String, @Nullable Field> lookup) {}

  private final String name;
  private final List<Field> fields;
  private final List<EntityCheck> checks;
  private final @Nullable String endpointKey;
  private final String adminApiName;
  private final @Nullable String nestedName;
  private final List<List<String>> compositeUniques;
  private final boolean ttl;
  private final boolean preciseTimestamps;
  private final List<Shorthand> shorthands;
  private final List<UnaryOperator<ObjectNode>> transformations;
  private final List<UnaryOperator<ObjectNode>> skippableTransformations;
  private final @Nullable Subschema subschema;
  // derived once: both are asked for per entity while a large declarative file loads (issue 17)
  private final List<Field> foreignKeys;
  private final TableSpec table;

  private Schema(Builder b) {
    this.name = b.name;
    this.fields = List.copyOf(b.fields);
    this.checks = List.copyOf(b.checks);
    this.endpointKey = b.endpointKey;
    this.adminApiName = b.adminApiName == null ? b.name : b.adminApiName;
    this.nestedName = b.nestedName;
    this.compositeUniques = List.copyOf(b.compositeUniques);
    this.ttl = b.ttl;
    this.preciseTimestamps = b.preciseTimestamps;
    this.shorthands = List.copyOf(b.shorthands);
    this.transformations = List.copyOf(b.transformations);
    this.skippableTransformations = List.copyOf(b.skippableTransformations);
    this.subschema = b.subschema;
    this.foreignKeys = fields.stream().filter(f -> f.type() == Field.Type.FOREIGN).toList();
    List<String> unique = fields.stream().filter(Field::isUnique).map(Field::name).toList();
    List<TableSpec.ForeignKey> fks = foreignKeys.stream()
        .map(f -> new TableSpec.ForeignKey(f.name(), Objects.requireNonNull(f.reference()), f.onDelete()))
        .toList();
    this.table = new TableSpec(name, endpointKey, unique, compositeUniques, fks, field("tags") != null, ttl);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Table name ({@code services}, {@code keyauth_credentials}). */
  public String name() {
    return name;
  }

  /** Path segment of the top-level Admin API collection ({@code key-auths}). */
  public String adminApiName() {
    return adminApiName;
  }

  /** Path segment when nested under a parent ({@code /consumers/{c}/key-auth}); defaults to the admin name. */
  public String nestedName() {
    return nestedName == null ? adminApiName : nestedName;
  }

  public @Nullable String endpointKey() {
    return endpointKey;
  }

  public List<Field> fields() {
    return fields;
  }

  public @Nullable Field field(String fieldName) {
    for (Field f : fields) {
      if (f.name().equals(fieldName)) {
        return f;
      }
    }
    return null;
  }

  public List<EntityCheck> checks() {
    return checks;
  }

  public List<Shorthand> shorthands() {
    return shorthands;
  }

  public List<UnaryOperator<ObjectNode>> transformations() {
    return transformations;
  }

  /**
   * Write transformations that a declarative file with {@code _transform: false} skips, because it
   * holds the stored form already (Kong's password hashing); applied after {@link #transformations()}.
   */
  public List<UnaryOperator<ObjectNode>> skippableTransformations() {
    return skippableTransformations;
  }

  public @Nullable Subschema subschema() {
    return subschema;
  }

  public boolean ttl() {
    return ttl;
  }

  /** Targets keep millisecond timestamps ({@code 1700000000.123}); everything else whole seconds. */
  public boolean preciseTimestamps() {
    return preciseTimestamps;
  }

  public boolean hasTags() {
    return field("tags") != null;
  }

  /** Foreign-key fields in declaration order. */
  public List<Field> foreignKeys() {
    return foreignKeys;
  }

  /** The storage description a {@code ConfigStore} needs. */
  public TableSpec table() {
    return table;
  }

  /** Kong's {@code GET /schemas/{entity}} body. */
  public ObjectNode describe() {
    ObjectNode d = Json.object();
    d.set("fields", Field.describeAll(fields));
    var arr = Json.array();
    checks.forEach(c -> arr.add(c.describe()));
    d.set("entity_checks", arr);
    if (endpointKey != null) {
      d.put("endpoint_key", endpointKey);
    }
    return d;
  }

  /** Fluent construction of a schema. */
  public static final class Builder {
    private final String name;
    private final List<Field> fields = new ArrayList<>();
    private final List<EntityCheck> checks = new ArrayList<>();
    private @Nullable String endpointKey;
    private @Nullable String adminApiName;
    private @Nullable String nestedName;
    private final List<List<String>> compositeUniques = new ArrayList<>();
    private boolean ttl;
    private boolean preciseTimestamps;
    private final List<Shorthand> shorthands = new ArrayList<>();
    private final List<UnaryOperator<ObjectNode>> transformations = new ArrayList<>();
    private final List<UnaryOperator<ObjectNode>> skippableTransformations = new ArrayList<>();
    private @Nullable Subschema subschema;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder fields(Field... f) {
      fields.addAll(List.of(f));
      return this;
    }

    public Builder check(EntityCheck c) {
      checks.add(c);
      return this;
    }

    public Builder endpointKey(String field) {
      this.endpointKey = field;
      return this;
    }

    public Builder adminApiName(String segment) {
      this.adminApiName = segment;
      return this;
    }

    public Builder nestedName(String segment) {
      this.nestedName = segment;
      return this;
    }

    public Builder uniqueTogether(String... fieldNames) {
      compositeUniques.add(List.of(fieldNames));
      return this;
    }

    public Builder ttl() {
      this.ttl = true;
      return this;
    }

    public Builder preciseTimestamps() {
      this.preciseTimestamps = true;
      return this;
    }

    public Builder shorthand(String field, BiConsumer<JsonNode, ObjectNode> expand) {
      shorthands.add(new Shorthand(field, expand));
      return this;
    }

    /** A rewrite applied to every written entity before validation (Kong's write-time quirks). */
    public Builder transformation(UnaryOperator<ObjectNode> t) {
      transformations.add(t);
      return this;
    }

    /**
     * A write transformation that Kong's {@code _transform: false} turns off for declarative imports
     * (the value in the file is already the stored one, e.g. a password hash).
     */
    public Builder skippableTransformation(UnaryOperator<ObjectNode> t) {
      skippableTransformations.add(t);
      return this;
    }

    public Builder subschema(String keyField, String targetField, Function<String, @Nullable Field> lookup) {
      this.subschema = new Subschema(keyField, targetField, lookup);
      return this;
    }

    public Schema build() {
      return new Schema(this);
    }
  }
}
