package io.gatehouse.proxy.plugins;

import io.gatehouse.core.schema.PluginCatalog;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.core.schema.SchemaRegistry;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The plugins this node enabled (the {@code plugins} setting), found with {@link ServiceLoader}.
 * {@code bundled} stands for every plugin shipped in Gatehouse's own {@code io.gatehouse.plugins}
 * packages; other names must be on the class path. A name found twice, or enabled but not found,
 * stops startup.
 */
public final class LoadedPlugins {
  /** No plugins at all ({@code plugins = off}). */
  public static final LoadedPlugins NONE = new LoadedPlugins(Map.of());

  private static final String BUNDLED_PACKAGE = "io.gatehouse.plugins.";
  /** Plugins of Gatehouse's own modules (bundled, or opt-in like call-log): built with this SDK, nothing to check. */
  private static final String GATEHOUSE_PACKAGE = "io.gatehouse.";

  private final Map<String, LoadedPlugin<?, ?>> byName;
  /** The tracing steps requests record ({@link TracedSteps#kinds}), from the node's services. */
  private volatile int tracedSteps;

  private LoadedPlugins(Map<String, LoadedPlugin<?, ?>> byName) {
    this.byName = byName;
  }

  /**
   * Loads the plugins named by the setting.
   *
   * @param setting names and/or {@code bundled}; empty for none
   * @throws IllegalStateException when a name is not installed or two plugins share a name
   */
  public static LoadedPlugins load(List<String> setting, ClassLoader loader) {
    Objects.requireNonNull(setting, "setting");
    Map<String, LoadedPlugin<?, ?>> available = new LinkedHashMap<>();
    List<LoadedPlugin<?, ?>> found = new ArrayList<>();
    List<ServiceLoader.Provider<?>> sdk = new ArrayList<>();
    ServiceLoader.load(io.gatehouse.sdk.Plugin.class, loader).stream().forEach(sdk::add);
    ServiceLoader.load(PreparedPlugin.class, loader).stream().forEach(sdk::add);
    for (var provider : sdk) {
      if (!provider.type().getName().startsWith(GATEHOUSE_PACKAGE)) {
        SdkVersionCheck.check(provider.type()); // before the class runs any code
      }
      found.add(LoadedPlugin.of((PreparedPlugin<?, ?>) provider.get()));
    }
    for (LoadedPlugin<?, ?> p : found) {
      LoadedPlugin<?, ?> other = available.putIfAbsent(p.name(), p);
      if (other != null) {
        throw new IllegalStateException("plugin '" + p.name() + "' is provided twice: by "
            + other.sdkPlugin().getClass().getName() + " and " + p.sdkPlugin().getClass().getName());
      }
    }
    Map<String, LoadedPlugin<?, ?>> enabled = new LinkedHashMap<>();
    for (String name : setting) {
      if (name.equals("bundled")) {
        available.values().stream().filter(LoadedPlugins::isBundled).forEach(p -> enabled.put(p.name(), p));
      } else if (!name.isBlank()) {
        LoadedPlugin<?, ?> p = available.get(name);
        if (p == null) {
          throw new IllegalStateException("plugin '" + name + "' is enabled but not installed");
        }
        enabled.put(name, p);
      }
    }
    return new LoadedPlugins(Collections.unmodifiableMap(enabled));
  }

  /** Exactly these plugins (tests, embedding). */
  public static LoadedPlugins of(PreparedPlugin<?, ?>... plugins) {
    Map<String, LoadedPlugin<?, ?>> map = new LinkedHashMap<>();
    for (PreparedPlugin<?, ?> sdk : plugins) {
      LoadedPlugin<?, ?> p = LoadedPlugin.of(sdk);
      if (map.putIfAbsent(p.name(), p) != null) {
        throw new IllegalStateException("plugin '" + p.name() + "' is registered twice");
      }
    }
    return new LoadedPlugins(Collections.unmodifiableMap(map));
  }

  static boolean isBundled(LoadedPlugin<?, ?> p) {
    return p.sdkPlugin().getClass().getName().startsWith(BUNDLED_PACKAGE);
  }

  /** Hands every plugin the node's runtime services ({@link PreparedPlugin#start}); returns this. */
  public LoadedPlugins start(NodeServices services) {
    tracedSteps = TracedSteps.kinds(services.tracing());
    byName.values().forEach(p -> p.start(services));
    return this;
  }

  /** The tracing steps requests record, as {@link TracedSteps} kind bits (0: none). */
  int tracedSteps() {
    return tracedSteps;
  }

  public @Nullable LoadedPlugin<?, ?> find(String name) {
    return byName.get(name);
  }

  public Collection<LoadedPlugin<?, ?>> all() {
    return byName.values();
  }

  /** Describes every plugin to the schema layer (validation, {@code /schemas/plugins/…}, {@code /plugins/enabled}). */
  public PluginCatalog fill(PluginCatalog catalog) {
    for (LoadedPlugin<?, ?> p : byName.values()) {
      List<String> forbidden = new ArrayList<>();
      for (Scope s : p.forbiddenScopes()) {
        forbidden.add(s.name().toLowerCase(java.util.Locale.ROOT)); // the plugins entity's foreign key
      }
      catalog.add(new PluginCatalog.Entry(p.name(), p.version(), p.priority(), p.configSchema(), forbidden));
    }
    return catalog;
  }

  /** Registers the plugin-owned entity types (after the core ones they reference). */
  public SchemaRegistry registerEntities(SchemaRegistry registry) {
    for (LoadedPlugin<?, ?> p : byName.values()) {
      for (Schema s : p.entities()) {
        registry.register(s);
      }
    }
    return registry;
  }
}
