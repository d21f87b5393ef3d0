package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Entity;
import io.gatehouse.sdk.Transform;
import io.gatehouse.sdk.Unique;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the core {@link Schema} of a plugin-owned entity from its {@link Entity} record (SDK 1.0):
 * the record's components are its own fields; {@code id}, {@code created_at}, the owning
 * {@code consumer} (cascade) and {@code tags} are added as for every consumer-owned Kong entity.
 */
final class EntitySchemas {
  private EntitySchemas() {}

  static Schema of(Class<? extends Record> type, ConfigSchemas.Checks checks) {
    Entity e = type.getAnnotation(Entity.class);
    if (e == null || !type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " must be a record annotated with @Entity");
    }
    List<Field> own = new ArrayList<>();
    Schema.Builder b = Schema.builder(e.table());
    for (RecordComponent c : type.getRecordComponents()) {
      Field f = ConfigSchemas.component(c, checks);
      Transform t = c.getAnnotation(Transform.class);
      if (t != null) {
        b.skippableTransformation(transformation(f.name(), t));
      }
      if (c.isAnnotationPresent(Unique.class)) {
        f.unique();
      }
      if (c.isAnnotationPresent(Auto.class)) {
        f.auto();
      }
      own.add(f);
    }
    b.fields(Typedefs.consumerOwned(own.toArray(Field[]::new)));
    if (!e.adminApiName().isEmpty()) {
      b.adminApiName(e.adminApiName());
    }
    if (!e.nestedName().isEmpty()) {
      b.nestedName(e.nestedName());
    }
    if (!e.endpointKey().isEmpty()) {
      b.endpointKey(e.endpointKey());
    }
    if (e.ttl()) {
      b.ttl();
    }
    if (e.uniqueTogether().length > 0) {
      b.uniqueTogether(e.uniqueTogether());
    }
    SdkChecks.of(checks.of(type)).forEach(b::check);
    return b.build();
  }

  /** A {@link Transform} as a write-time rewrite that {@code _transform: false} skips. */
  private static java.util.function.UnaryOperator<ObjectNode> transformation(String field, Transform t) {
    Transform.Transformer rewrite;
    try {
      rewrite = t.value().getConstructor().newInstance();
    } catch (ReflectiveOperationException ex) {
      throw new IllegalArgumentException("@Transform(" + t.value().getName() + "): needs a public no-argument constructor", ex);
    }
    String onlyIf = t.onlyIf();
    return row -> {
      JsonNode v = row.get(field);
      if (!onlyIf.isEmpty() && !row.path(onlyIf).asBoolean(false)) {
        return row;
      }
      if (v != null && v.isTextual()) {
        row.put(field, rewrite.apply(v.asText()));
      }
      return row;
    };
  }
}
