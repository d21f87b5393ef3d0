package io.gatehouse.core.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plugins this node knows and has enabled, with what the schema layer needs of each: its config
 * record and the scopes it refuses. Filled from the plugin registry at startup.
 */
public final class PluginCatalog {

  /**
   * One enabled plugin.
   *
   * @param forbiddenScopes foreign keys that must stay null ({@code consumer} for key-auth …)
   */
  public record Entry(String name, String version, int priority, Field config, List<String> forbiddenScopes) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
      forbiddenScopes = List.copyOf(forbiddenScopes);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public PluginCatalog add(Entry entry) {
    if (entries.putIfAbsent(entry.name(), entry) != null) {
      throw new IllegalStateException("plugin '" + entry.name() + "' is registered twice");
    }
    return this;
  }

  public Optional<Entry> find(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Enabled plugin names, sorted. */
  public List<String> names() {
    return entries.keySet().stream().sorted().toList();
  }

  public List<Entry> entries() {
    return entries.values().stream().sorted(java.util.Comparator.comparing(Entry::name)).toList();
  }
}
