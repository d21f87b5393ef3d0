package io.gatehouse.proxy.plugins;

import io.gatehouse.plugin.AdminEndpoint;
import io.gatehouse.plugin.BodyFilter;
import io.gatehouse.plugin.BodyFilterContext;
import io.gatehouse.plugin.ClientRequest;
import io.gatehouse.plugin.HeaderFilterContext;
import io.gatehouse.plugin.Log;
import io.gatehouse.plugin.LogContext;
import io.gatehouse.plugin.NeedsRequestBody;
import io.gatehouse.plugin.PluginServices;
import io.gatehouse.plugin.SharedCounters;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import java.util.List;
import java.util.Optional;

/**
 * The SDK's request-body, body_filter and log phases, node services and admin endpoints, adapted to
 * the runtime's interfaces; {@link SdkPlugin.Handler} extends it. A phase counts only when the plugin
 * overrides its method ({@link BoundPlugin} asks the flags), so a plugin without a body filter costs
 * nothing per response.
 */
abstract class SdkLatePhases<C> implements NeedsRequestBody<C>, BodyFilter<C>, Log<C> {
  private final PreparedPlugin<?, C> plugin;
  final boolean needsBody;
  final boolean bodyFilter;
  final boolean log;

  SdkLatePhases(PreparedPlugin<?, C> plugin) {
    this.plugin = plugin;
    this.needsBody = overrides(plugin, "needsRequestBody", Request.class, Object.class);
    this.bodyFilter = overrides(plugin, "bodyFilter", BodyPhase.class, Object.class, byte[].class, boolean.class);
    this.log = overrides(plugin, "log", LogPhase.class, Object.class);
  }

  private static boolean overrides(Object plugin, String method, Class<?>... params) {
    try {
      return plugin.getClass().getMethod(method, params).getDeclaringClass() != PreparedPlugin.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean needsRequestBody(ClientRequest request, C config) {
    return plugin.needsRequestBody(request, config);
  }

  @Override
  public boolean filtersBody(HeaderFilterContext ctx, C config) {
    return plugin.filtersBody(new SdkContexts.Heading(ctx), config);
  }

  @Override
  public byte[] bodyFilter(BodyFilterContext ctx, C config, byte[] chunk, boolean last) {
    return plugin.bodyFilter(new SdkLateContexts.Bodying(ctx), config, chunk, last);
  }

  @Override
  public void log(LogContext ctx, C config) {
    plugin.log(new SdkLateContexts.Logging(ctx), config);
  }

  /** Hands the SDK plugin what the node offers. */
  static void start(PreparedPlugin<?, ?> plugin, PluginServices services) {
    Optional<io.gatehouse.sdk.SharedCounters> counters = services.find(SharedCounters.class).map(c -> c);
    Optional<io.gatehouse.sdk.PluginRecords> records = services.pluginRecords();
    plugin.start(new NodeServices() {
      @Override
      public Optional<io.gatehouse.sdk.SharedCounters> sharedCounters() {
        return counters;
      }

      @Override
      public Optional<io.gatehouse.sdk.PluginRecords> pluginRecords() {
        return records;
      }
    });
  }

  /** The SDK plugin's endpoints as the Admin API serves them. */
  static List<AdminEndpoint> adminEndpoints(PreparedPlugin<?, ?> plugin) {
    return plugin.adminEndpoints().stream()
        .map(e -> new AdminEndpoint(e.method(), e.template(), captures -> {
          io.gatehouse.sdk.AdminEndpoint.Reply r = e.handler().apply(captures);
          return new AdminEndpoint.Reply(r.status(), r.body());
        }))
        .toList();
  }
}
