package io.gatehouse.core.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every entity type this node knows, core and plugin-owned, in registration order (which is also
 * dependency order: parents before children). A duplicate name stops startup.
 */
public final class SchemaRegistry {
  private final Map<String, Schema> byTable = new LinkedHashMap<>();
  /** {@link #childrenOf} by table, dropped at every registration (asked per entity of a declarative file). */
  private final Map<String, List<Schema>> children = new HashMap<>();
  private final PluginCatalog plugins;

  public SchemaRegistry(PluginCatalog plugins) {
    this.plugins = plugins;
  }

  public synchronized SchemaRegistry register(Schema schema) {
    if (byTable.putIfAbsent(schema.name(), schema) != null) {
      throw new IllegalStateException("entity '" + schema.name() + "' is registered twice");
    }
    children.clear();
    return this;
  }

  public PluginCatalog plugins() {
    return plugins;
  }

  public synchronized Optional<Schema> table(String name) {
    return Optional.ofNullable(byTable.get(name));
  }

  public synchronized Optional<Schema> byAdminName(String segment) {
    return byTable.values().stream().filter(s -> s.adminApiName().equals(segment)).findFirst();
  }

  public synchronized List<Schema> all() {
    return new ArrayList<>(byTable.values());
  }

  /** Schemas with a foreign key to {@code table}: the children that nest under it. */
  public synchronized List<Schema> childrenOf(String table) {
    return children.computeIfAbsent(table, t -> byTable.values().stream()
        .filter(s -> s.foreignKeys().stream().anyMatch(f -> t.equals(f.reference())))
        .toList());
  }
}
