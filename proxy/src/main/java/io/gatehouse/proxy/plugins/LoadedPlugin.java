package io.gatehouse.proxy.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.Version;
import io.gatehouse.core.schema.Field;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RewritePhase;
import io.gatehouse.sdk.Scope;
import io.gatehouse.sdk.Snapshot;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One plugin this node loaded, as the runtime sees it: the SDK plugin ({@link PreparedPlugin},
 * {@link io.gatehouse.sdk.Plugin}) with what its annotations and config record declare — name,
 * priority, protocols, the Kong schema derived from the record ({@link ConfigSchemas}), its entity
 * types — and which phases it overrides. Built once per node at load.
 */
public final class LoadedPlugin<C extends Record, P> {
  private final PreparedPlugin<C, P> plugin;
  private final PluginInfo info;
  private final Class<C> configType;
  private final Field schema;
  private final List<Schema> entities;
  private final PrepareHook prepareHook;
  final BoundPlugin.Phases phases;

  private LoadedPlugin(PreparedPlugin<C, P> plugin, PluginInfo info, Class<C> configType) {
    this.plugin = plugin;
    this.info = info;
    this.configType = configType;
    this.schema = ConfigSchemas.config(configType, plugin::checks);
    plugin.configAliases().forEach(schema::alias);
    this.entities = plugin.entities().stream().map(e -> EntitySchemas.of(e, plugin::checks)).toList();
    this.prepareHook = prepareHook(plugin);
    this.phases = new BoundPlugin.Phases(
        overrides(plugin, "rewrite", RewritePhase.class, Object.class),
        overrides(plugin, "access", AccessPhase.class, Object.class),
        overrides(plugin, "accessAsync", AccessPhase.class, Object.class),
        overrides(plugin, "headerFilter", HeaderPhase.class, Object.class),
        overrides(plugin, "bodyFilter", BodyPhase.class, Object.class, byte[].class, boolean.class),
        overrides(plugin, "log", LogPhase.class, Object.class),
        overrides(plugin, "needsRequestBody", Request.class, Object.class));
  }

  /**
   * @throws IllegalArgumentException when the class lacks {@link PluginInfo} or its config type
   *     cannot be resolved or described
   */
  @SuppressWarnings("unchecked")
  public static <C extends Record, P> LoadedPlugin<C, P> of(PreparedPlugin<C, P> plugin) {
    Objects.requireNonNull(plugin, "plugin");
    PluginInfo info = plugin.getClass().getAnnotation(PluginInfo.class);
    if (info == null) {
      throw new IllegalArgumentException(plugin.getClass().getName() + " has no @PluginInfo");
    }
    return new LoadedPlugin<>(plugin, info, (Class<C>) configType(plugin.getClass()));
  }

  /** The {@code C} of {@code implements Plugin<C>}, also through a generic base class ({@code extends Base<C>}). */
  private static Class<?> configType(Class<?> type) {
    Map<TypeVariable<?>, Type> bound = new HashMap<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p
            && (p.getRawType() == io.gatehouse.sdk.Plugin.class || p.getRawType() == PreparedPlugin.class)) {
          Type arg = p.getActualTypeArguments()[0];
          if ((arg instanceof TypeVariable<?> v ? bound.get(v) : arg) instanceof Class<?> config) {
            return config;
          }
        }
      }
      if (c.getGenericSuperclass() instanceof ParameterizedType sp) {
        TypeVariable<?>[] vars = ((Class<?>) sp.getRawType()).getTypeParameters();
        for (int i = 0; i < vars.length; i++) {
          Type arg = sp.getActualTypeArguments()[i];
          bound.put(vars[i], arg instanceof TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : arg);
        }
      }
    }
    throw new IllegalArgumentException(type.getName() + " must implement Plugin<ConfigRecord> or PreparedPlugin<ConfigRecord, P> directly");
  }

  /** Which of the prepare hooks the plugin overrides: the runtime calls that one with what it needs. */
  private enum PrepareHook { CONFIG, SNAPSHOT, INSTANCE }

  private static PrepareHook prepareHook(PreparedPlugin<?, ?> plugin) {
    boolean snapshot = overridesPrepare(plugin, Snapshot.class);
    boolean instance = overridesPrepare(plugin, Instance.class);
    if (snapshot && instance) {
      throw new IllegalArgumentException(plugin.getClass().getName()
          + " overrides both prepare(C, Snapshot) and prepare(C, Instance); override one of them");
    }
    return snapshot ? PrepareHook.SNAPSHOT : instance ? PrepareHook.INSTANCE : PrepareHook.CONFIG;
  }

  private static boolean overridesPrepare(Object plugin, Class<?> second) {
    try {
      return plugin.getClass().getMethod("prepare", Record.class, second).getDeclaringClass() != PreparedPlugin.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean overrides(Object plugin, String method, Class<?>... params) {
    try {
      return plugin.getClass().getMethod(method, params).getDeclaringClass() != PreparedPlugin.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SDK plugin itself (its class decides whether it is bundled). */
  PreparedPlugin<C, P> sdkPlugin() {
    return plugin;
  }

  /** Whether TLS listeners ask for client certificates while this plugin is enabled. */
  public boolean asksClientCertificate() {
    return plugin.asksClientCertificate();
  }

  /** The unique name used in the {@code plugins} entity and setting, e.g. {@code key-auth}. */
  public String name() {
    return info.name();
  }

  /** Reported by {@code GET /} and {@code /plugins/enabled}; Kong's version unless the plugin names one. */
  public String version() {
    return info.version().isEmpty() ? Version.KONG_COMPAT : info.version();
  }

  /** Execution order: higher runs first (Kong's {@code PRIORITY}). */
  public int priority() {
    return info.priority();
  }

  /** Protocols the plugin may be configured for. */
  public Set<String> protocols() {
    return info.protocols().names();
  }

  /** Scopes an instance may not be attached to ({@code no_consumer} …). */
  public Set<Scope> forbiddenScopes() {
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    out.addAll(List.of(info.forbiddenScopes()));
    return out;
  }

  /** The schema of the {@code config} record, derived from the config record. */
  public Field configSchema() {
    return schema;
  }

  /** The plugin-owned entity types, in the core schema vocabulary. */
  public List<Schema> entities() {
    return entities;
  }

  /** Binds and prepares one instance's config with what the plugin's prepare hook asks for. */
  P bind(ObjectNode config, Snapshot snapshot, Instance instance) {
    C bound = ConfigBinding.bind(config, configType);
    return switch (prepareHook) {
      case CONFIG -> plugin.prepare(bound);
      case SNAPSHOT -> plugin.prepare(bound, snapshot);
      case INSTANCE -> plugin.prepare(bound, instance);
    };
  }

  /** Hands the plugin what the node offers ({@link PreparedPlugin#start}). */
  public void start(NodeServices services) {
    plugin.start(Objects.requireNonNull(services, "services"));
  }

  /** The Admin API endpoints the plugin adds. */
  public List<AdminEndpoint> adminEndpoints() {
    return plugin.adminEndpoints();
  }

  /** The status API endpoints the plugin adds (prometheus's {@code /metrics}). */
  public List<AdminEndpoint> statusEndpoints() {
    return plugin.statusEndpoints();
  }

  @Override
  public String toString() {
    return "LoadedPlugin[" + name() + "]";
  }
}
