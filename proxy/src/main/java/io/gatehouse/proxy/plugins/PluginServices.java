package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.NodeStatus;
import io.gatehouse.sdk.SharedCounters;
import io.gatehouse.sdk.TracingSettings;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What this node offers its plugins at start ({@link LoadedPlugins#start}): an immutable value
 * built with the {@code with...} methods, one per service.
 */
public final class PluginServices implements NodeServices {
  /** A node offering nothing (tests). */
  public static final PluginServices NONE = new PluginServices(null, null, TracingSettings.OFF);

  private final @Nullable SharedCounters counters;
  private final @Nullable NodeStatus nodeStatus;
  private final TracingSettings tracing;

  private PluginServices(@Nullable SharedCounters counters, @Nullable NodeStatus nodeStatus, TracingSettings tracing) {
    this.counters = counters;
    this.nodeStatus = nodeStatus;
    this.tracing = tracing;
  }

  /** A node whose database keeps counters shared by the cluster. */
  public static PluginServices withCounters(SharedCounters counters) {
    return NONE.andCounters(counters);
  }

  /** These services, with counters shared by the cluster. */
  public PluginServices andCounters(SharedCounters counters) {
    return new PluginServices(Objects.requireNonNull(counters, "counters"), nodeStatus, tracing);
  }

  /** These services, with what the node reports about itself (prometheus reads it). */
  public PluginServices andNodeStatus(NodeStatus status) {
    return new PluginServices(counters, Objects.requireNonNull(status, "status"), tracing);
  }

  /** These services, with the node's tracing settings (kong.conf's {@code tracing_*}). */
  public PluginServices andTracing(TracingSettings tracing) {
    return new PluginServices(counters, nodeStatus, Objects.requireNonNull(tracing, "tracing"));
  }

  @Override
  public Optional<SharedCounters> sharedCounters() {
    return Optional.ofNullable(counters);
  }

  @Override
  public Optional<NodeStatus> nodeStatus() {
    return Optional.ofNullable(nodeStatus);
  }

  @Override
  public TracingSettings tracing() {
    return tracing;
  }
}
