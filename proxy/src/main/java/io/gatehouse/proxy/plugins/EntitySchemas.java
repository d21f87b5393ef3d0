package io.gatehouse.proxy.plugins;

import io.gatehouse.core.entity.Typedefs;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.sdk.Auto;
import io.gatehouse.sdk.Entity;
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
    for (RecordComponent c : type.getRecordComponents()) {
      Field f = ConfigSchemas.component(c, checks);
      if (c.isAnnotationPresent(Unique.class)) {
        f.unique();
      }
      if (c.isAnnotationPresent(Auto.class)) {
        f.auto();
      }
      own.add(f);
    }
    Schema.Builder b = Schema.builder(e.table()).fields(Typedefs.consumerOwned(own.toArray(Field[]::new)));
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
}
