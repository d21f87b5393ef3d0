package io.gatehouse.proxy.plugins;

import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.NodeStatus;
import io.gatehouse.sdk.PluginRecords;
import io.gatehouse.sdk.SharedCounters;
import io.gatehouse.sdk.TracingSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What this node offers its plugins at start ({@link LoadedPlugins#start}): an immutable value
 * built from {@link #NONE} with the {@code and...} methods, one per service.
 *
 * @param counters counters shared by the cluster (a node with a database)
 * @param status what the node reports about itself (prometheus reads it)
 * @param tracingSettings kong.conf's {@code tracing_*}
 * @param settingText the node's settings by name; null for unset
 * @param records plugin records (oauth2 tokens, sessions) in the node's store
 */
public record PluginServices(
    @Nullable SharedCounters counters,
    @Nullable NodeStatus status,
    TracingSettings tracingSettings,
    Function<String, @Nullable String> settingText,
    @Nullable PluginRecords records) implements NodeServices {

  /** A node offering nothing (tests). */
  public static final PluginServices NONE = new PluginServices(null, null, TracingSettings.OFF, name -> null, null);

  public PluginServices {
    Objects.requireNonNull(tracingSettings, "tracingSettings");
    Objects.requireNonNull(settingText, "settingText");
  }

  /** A node whose database keeps counters shared by the cluster. */
  public static PluginServices withCounters(SharedCounters counters) {
    return NONE.andCounters(counters);
  }

  public PluginServices andCounters(SharedCounters shared) {
    return new PluginServices(Objects.requireNonNull(shared, "counters"), status, tracingSettings, settingText, records);
  }

  public PluginServices andNodeStatus(NodeStatus nodeStatus) {
    return new PluginServices(counters, Objects.requireNonNull(nodeStatus, "status"), tracingSettings, settingText, records);
  }

  public PluginServices andTracing(TracingSettings tracing) {
    return new PluginServices(counters, status, tracing, settingText, records);
  }

  public PluginServices andSettings(Function<String, @Nullable String> text) {
    return new PluginServices(counters, status, tracingSettings, text, records);
  }

  public PluginServices andRecords(PluginRecords pluginRecords) {
    return new PluginServices(counters, status, tracingSettings, settingText, Objects.requireNonNull(pluginRecords, "records"));
  }

  @Override
  public Optional<SharedCounters> sharedCounters() {
    return Optional.ofNullable(counters);
  }

  @Override
  public Optional<NodeStatus> nodeStatus() {
    return Optional.ofNullable(status);
  }

  @Override
  public TracingSettings tracing() {
    return tracingSettings;
  }

  @Override
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settingText.apply(name));
  }

  @Override
  public Optional<PluginRecords> pluginRecords() {
    return Optional.ofNullable(records);
  }
}
