package io.gatehouse.store.internal;

import io.gatehouse.core.schema.TableSpec;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/** The tables a store knows, by name; registering the same name with another spec fails loudly. */
public final class TableRegistry {
  private final ConcurrentSkipListMap<String, TableSpec> specs = new ConcurrentSkipListMap<>();

  public void register(TableSpec spec) {
    Objects.requireNonNull(spec, "table");
    TableSpec old = specs.putIfAbsent(spec.name(), spec);
    if (old != null && !old.equals(spec)) {
      throw new IllegalStateException("table '" + spec.name() + "' is already registered with another spec");
    }
  }

  public TableSpec require(String name) {
    Objects.requireNonNull(name, "table");
    TableSpec spec = specs.get(name);
    if (spec == null) {
      throw new IllegalArgumentException("table '" + name + "' is not registered");
    }
    return spec;
  }

  public @Nullable TableSpec find(String name) {
    return specs.get(name);
  }

  /** All specs in name order. */
  public List<TableSpec> all() {
    return List.copyOf(specs.values());
  }
}
