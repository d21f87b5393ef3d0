package io.gatehouse.proxy.plugins;

import io.gatehouse.core.Version;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.HeaderFilter;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugin.Rewrite;
import io.gatehouse.plugin.RewriteContext;
import io.gatehouse.plugin.Scope;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.plugin.AsyncAccess;
import io.gatehouse.sdk.Snapshot;
import java.util.List;
import java.util.concurrent.CompletionStage;
import io.gatehouse.plugin.ConfigBinding;
import io.gatehouse.sdk.RewritePhase;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An SDK 1.0 plugin ({@link PreparedPlugin}, {@link io.gatehouse.sdk.Plugin}) seen through the runtime's plugin interface:
 * its schema derived from the config record ({@link ConfigSchemas}), its phases the ones it
 * overrides. Built once per node at load.
 */
final class SdkPlugin<C extends Record, P> implements Plugin<P> {
  private final PreparedPlugin<C, P> plugin;
  private final PluginInfo info;
  private final Class<C> configType;
  private final Field schema;
  private final List<Schema> entities;
  private final Handler<P> handler;
  private final PrepareHook prepareHook;

  private SdkPlugin(PreparedPlugin<C, P> plugin, PluginInfo info, Class<C> configType) {
    this.plugin = plugin;
    this.info = info;
    this.configType = configType;
    this.schema = ConfigSchemas.config(configType, plugin::checks);
    this.entities = plugin.entities().stream().map(e -> EntitySchemas.of(e, plugin::checks)).toList();
    this.prepareHook = prepareHook(plugin);
    this.handler = new Handler<>(plugin, overrides(plugin, "rewrite", RewritePhase.class),
        overrides(plugin, "access", AccessPhase.class), overrides(plugin, "accessAsync", AccessPhase.class),
        overrides(plugin, "headerFilter", HeaderPhase.class));
  }

  /**
   * @throws IllegalArgumentException when the class lacks {@link PluginInfo} or its config type
   *     cannot be resolved or described
   */
  @SuppressWarnings("unchecked")
  static <C extends Record, P> SdkPlugin<C, P> of(PreparedPlugin<C, P> plugin) {
    Objects.requireNonNull(plugin, "plugin");
    PluginInfo info = plugin.getClass().getAnnotation(PluginInfo.class);
    if (info == null) {
      throw new IllegalArgumentException(plugin.getClass().getName() + " has no @PluginInfo");
    }
    return new SdkPlugin<>(plugin, info, (Class<C>) configType(plugin.getClass()));
  }

  /** The {@code C} of {@code implements Plugin<C>}, also through a generic base class ({@code extends Base<C>}). */
  private static Class<?> configType(Class<?> type) {
    java.util.Map<java.lang.reflect.TypeVariable<?>, Type> bound = new java.util.HashMap<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p
            && (p.getRawType() == io.gatehouse.sdk.Plugin.class || p.getRawType() == PreparedPlugin.class)) {
          Type arg = p.getActualTypeArguments()[0];
          if ((arg instanceof java.lang.reflect.TypeVariable<?> v ? bound.get(v) : arg) instanceof Class<?> config) {
            return config;
          }
        }
      }
      if (c.getGenericSuperclass() instanceof ParameterizedType sp) {
        java.lang.reflect.TypeVariable<?>[] vars = ((Class<?>) sp.getRawType()).getTypeParameters();
        for (int i = 0; i < vars.length; i++) {
          Type arg = sp.getActualTypeArguments()[i];
          bound.put(vars[i], arg instanceof java.lang.reflect.TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : arg);
        }
      }
    }
    throw new IllegalArgumentException(type.getName() + " must implement Plugin<ConfigRecord> or PreparedPlugin<ConfigRecord, P> directly");
  }

  /** Which of the prepare hooks the plugin overrides: the runtime calls that one with what it needs. */
  private enum PrepareHook { CONFIG, SNAPSHOT, INSTANCE }

  private static PrepareHook prepareHook(PreparedPlugin<?, ?> plugin) {
    boolean snapshot = overridesPrepare(plugin, Snapshot.class);
    boolean instance = overridesPrepare(plugin, io.gatehouse.sdk.Instance.class);
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

  private static boolean overrides(Object plugin, String method, Class<?> context) {
    try {
      return plugin.getClass().getMethod(method, context, Object.class).getDeclaringClass()
          != PreparedPlugin.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The wrapped SDK plugin (its class decides whether it is bundled). */
  PreparedPlugin<C, P> sdkPlugin() {
    return plugin;
  }

  @Override
  public String name() {
    return info.name();
  }

  @Override
  public String version() {
    return info.version().isEmpty() ? Version.KONG_COMPAT : info.version();
  }

  @Override
  public int priority() {
    return info.priority();
  }

  @Override
  public Set<String> protocols() {
    return info.protocols().names();
  }

  @Override
  public Set<Scope> forbiddenScopes() {
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    for (io.gatehouse.sdk.Scope s : info.forbiddenScopes()) {
      out.add(Scope.valueOf(s.name()));
    }
    return out;
  }

  @Override
  public Field configSchema() {
    return schema;
  }

  /** The runtime's bound type is the prepared form; it is only ever produced by {@link #bind}. */
  @Override
  @SuppressWarnings("unchecked")
  public Class<P> configType() {
    return (Class<P>) (Class<?>) Object.class;
  }

  @Override
  public P bind(ObjectNode config) {
    return plugin.prepare(ConfigBinding.bind(config, configType));
  }

  /** Binds and prepares one instance's config with what the plugin's prepare hook asks for. */
  P bind(ObjectNode config, Snapshot snapshot, io.gatehouse.plugin.InstanceScope scope) {
    C bound = ConfigBinding.bind(config, configType);
    return switch (prepareHook) {
      case CONFIG -> plugin.prepare(bound);
      case SNAPSHOT -> plugin.prepare(bound, snapshot);
      case INSTANCE -> plugin.prepare(bound,
          new io.gatehouse.sdk.Instance(scope.pluginId(), scope.routeId(), scope.serviceId(), scope.consumerId()));
    };
  }

  @Override
  public List<Schema> entities() {
    return entities;
  }

  @Override
  public PhaseHandler<P> handler(PluginSnapshot snapshot) {
    return handler;
  }

  @Override
  public void start(io.gatehouse.plugin.PluginServices services) {
    SdkLatePhases.start(plugin, services);
  }

  @Override
  public java.util.List<io.gatehouse.plugin.AdminEndpoint> adminEndpoints() {
    return SdkLatePhases.adminEndpoints(plugin);
  }

  @Override
  public java.util.List<io.gatehouse.plugin.AdminEndpoint> statusEndpoints() {
    return SdkLatePhases.statusEndpoints(plugin);
  }

  /** Runs the SDK plugin's phases; {@link BoundPlugin} asks it which ones exist. */
  static final class Handler<C> extends SdkLatePhases<C> implements Rewrite<C>, Access<C>, AsyncAccess<C>, HeaderFilter<C> {
    private final PreparedPlugin<?, C> plugin;
    final boolean rewrite;
    final boolean access;
    final boolean asyncAccess;
    final boolean headerFilter;

    Handler(PreparedPlugin<?, C> plugin, boolean rewrite, boolean access, boolean asyncAccess, boolean headerFilter) {
      super(plugin);
      this.plugin = plugin;
      this.rewrite = rewrite;
      this.access = access;
      this.asyncAccess = asyncAccess;
      this.headerFilter = headerFilter;
    }

    @Override
    public @Nullable CompletionStage<?> accessAsync(AccessContext ctx, C config) {
      return plugin.accessAsync(new SdkContexts.Accessing(ctx), config);
    }

    @Override
    public void resume(AccessContext ctx, C config, @Nullable Object result) {
      plugin.resume(new SdkContexts.Accessing(ctx), config, result);
    }

    @Override
    public void rewrite(RewriteContext ctx, C config) {
      plugin.rewrite(new SdkContexts.Rewriting(ctx), config);
    }

    @Override
    public void access(AccessContext ctx, C config) {
      plugin.access(new SdkContexts.Accessing(ctx), config);
    }

    @Override
    public void headerFilter(HeaderFilterContext ctx, C config) {
      plugin.headerFilter(new SdkContexts.Heading(ctx), config);
    }

    static @Nullable Handler<?> of(PhaseHandler<?> h) {
      return h instanceof Handler<?> sdk ? sdk : null;
    }
  }
}
