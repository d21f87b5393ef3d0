package io.gatehouse.proxy.plugins;

import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AsyncAccess;
import io.gatehouse.plugin.BodyFilter;
import io.gatehouse.plugin.HeaderFilter;
import io.gatehouse.plugin.Log;
import io.gatehouse.plugin.NeedsRequestBody;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.Rewrite;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * One plugin's handler for one snapshot, with its phases resolved once so the request path does no
 * type tests.
 */
@SuppressWarnings("unchecked")
final class BoundPlugin {
  /** Kong's order: priority descending, then name descending. */
  static final Comparator<BoundPlugin> ORDER = Comparator.<BoundPlugin>comparingInt(p -> -p.priority)
      .thenComparing(p -> p.name, Comparator.reverseOrder());

  final String name;
  final int priority;
  final @Nullable Rewrite<Object> rewrite;
  final @Nullable Access<Object> access;
  final @Nullable AsyncAccess<Object> asyncAccess;
  final @Nullable HeaderFilter<Object> headerFilter;
  final @Nullable BodyFilter<Object> bodyFilter;
  final @Nullable Log<Object> log;
  final @Nullable NeedsRequestBody<Object> needsBody;

  BoundPlugin(Plugin<?> plugin, PhaseHandler<?> h) {
    this.name = plugin.name();
    this.priority = plugin.priority();
    SdkPlugin.Handler<?> sdk = SdkPlugin.Handler.of(h); // implements every phase; runs those it overrides
    this.rewrite = h instanceof Rewrite<?> r && (sdk == null || sdk.rewrite) ? (Rewrite<Object>) r : null;
    this.access = h instanceof Access<?> a && (sdk == null || sdk.access) ? (Access<Object>) a : null;
    this.asyncAccess = h instanceof AsyncAccess<?> a && (sdk == null || sdk.asyncAccess) ? (AsyncAccess<Object>) a : null;
    this.headerFilter = h instanceof HeaderFilter<?> f && (sdk == null || sdk.headerFilter) ? (HeaderFilter<Object>) f : null;
    this.bodyFilter = h instanceof BodyFilter<?> f && (sdk == null || sdk.bodyFilter) ? (BodyFilter<Object>) f : null;
    this.log = h instanceof Log<?> l && (sdk == null || sdk.log) ? (Log<Object>) l : null;
    this.needsBody = h instanceof NeedsRequestBody<?> n && (sdk == null || sdk.needsBody) ? (NeedsRequestBody<Object>) n : null;
  }

  boolean runsAfterAccess() {
    return headerFilter != null || bodyFilter != null || log != null;
  }
}
