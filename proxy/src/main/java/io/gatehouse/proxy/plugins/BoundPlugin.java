package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.PreparedPlugin;
import java.util.Comparator;

/**
 * One loaded plugin as a snapshot's chains use it: the SDK plugin and the phases it overrides,
 * resolved once at load so the request path tests flags, never types.
 */
final class BoundPlugin {
  /** Kong's order: priority descending, then name descending. */
  static final Comparator<BoundPlugin> ORDER = Comparator.<BoundPlugin>comparingInt(p -> -p.priority)
      .thenComparing(p -> p.name, Comparator.reverseOrder());

  /** Which phase methods the plugin overrides; a phase it does not override never runs. */
  record Phases(boolean rewrite, boolean access, boolean asyncAccess, boolean headerFilter, boolean bodyFilter,
      boolean log, boolean needsBody) {}

  final String name;
  final int priority;
  final PreparedPlugin<?, Object> plugin;
  final boolean rewrite;
  final boolean access;
  final boolean asyncAccess;
  final boolean headerFilter;
  final boolean bodyFilter;
  final boolean log;
  final boolean needsBody;
  /** Kong's span names for this plugin's handlers ({@code kong.<phase>.plugin.<name>}), made once, not per request. */
  final String rewriteSpan;
  final String accessSpan;
  final String headerFilterSpan;

  @SuppressWarnings("unchecked")
  BoundPlugin(LoadedPlugin<?, ?> loaded) {
    this.name = loaded.name();
    this.priority = loaded.priority();
    this.plugin = (PreparedPlugin<?, Object>) loaded.sdkPlugin();
    Phases p = loaded.phases;
    this.rewrite = p.rewrite();
    this.access = p.access();
    this.asyncAccess = p.asyncAccess();
    this.headerFilter = p.headerFilter();
    this.bodyFilter = p.bodyFilter();
    this.log = p.log();
    this.needsBody = p.needsBody();
    this.rewriteSpan = "kong.rewrite.plugin." + name;
    this.accessSpan = "kong.access.plugin." + name;
    this.headerFilterSpan = "kong.header_filter.plugin." + name;
  }

  boolean runsAfterAccess() {
    return headerFilter || bodyFilter || log;
  }
}
