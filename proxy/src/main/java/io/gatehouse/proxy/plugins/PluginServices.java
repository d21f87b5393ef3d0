package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.SharedCounters;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What this node offers its plugins at start ({@link LoadedPlugins#start}). */
public final class PluginServices implements NodeServices {
  /** A node offering nothing (DB-less, tests). */
  public static final PluginServices NONE = new PluginServices(null);

  private final @Nullable SharedCounters counters;

  private PluginServices(@Nullable SharedCounters counters) {
    this.counters = counters;
  }

  /** A node whose database keeps counters shared by the cluster. */
  public static PluginServices withCounters(SharedCounters counters) {
    return new PluginServices(Objects.requireNonNull(counters, "counters"));
  }

  @Override
  public Optional<SharedCounters> sharedCounters() {
    return Optional.ofNullable(counters);
  }
}
