package io.gatehouse.core.entity;

import static io.gatehouse.core.entity.Typedefs.*;

import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.TableSpec.OnDelete;
import java.util.List;

/**
 * Kong's {@code plugins} entity (reference §1.5). The {@code config} record is the schema of the
 * plugin named by {@code name}, looked up in the {@link PluginCatalog}.
 */
public final class PluginSchema {
  private PluginSchema() {}

  public static Schema create(PluginCatalog catalog) {
    return Schema.builder("plugins")
        .endpointKey("instance_name")
        .uniqueTogether("name", "route", "service", "consumer")
        .fields(
            id(),
            Field.string("name").required().check(v -> catalog.find(v.asText()).isPresent()
                ? null
                : "plugin '" + v.asText() + "' not enabled; add it to the 'plugins' configuration property"),
            utf8Name("instance_name"),
            createdAt(),
            updatedAt(),
            Field.foreign("route", "routes", OnDelete.CASCADE),
            Field.foreign("service", "services", OnDelete.CASCADE),
            Field.foreign("consumer", "consumers", OnDelete.CASCADE),
            Field.record("config"),
            Field.set("protocols", protocol("").required()).required().defaultValue(List.of("grpc", "grpcs", "http", "https")),
            Field.bool("enabled").required().defaultValue(true),
            tags())
        .subschema("name", "config", name -> catalog.find(name).map(PluginCatalog.Entry::config).orElse(null))
        .check(EntityCheck.custom(List.of("name", "route", "service", "consumer"), (e, errors) -> {
          var entry = catalog.find(e.path("name").asText());
          if (entry.isEmpty()) {
            return;
          }
          for (String scope : entry.get().forbiddenScopes()) {
            if (!EntityCheck.isNull(e.get(scope))) {
              errors.field(scope, "value must be null");
            }
          }
        }))
        .build();
  }
}
