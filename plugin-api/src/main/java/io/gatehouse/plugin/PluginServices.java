package io.gatehouse.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runtime services a node hands its plugins at start ({@link Plugin#start}), looked up by type.
 * A service is absent when the node cannot offer it (no {@link SharedCounters} without a database).
 */
public final class PluginServices implements io.gatehouse.sdk.NodeServices {
  /** A node offering nothing (DB-less, tests). */
  public static final PluginServices NONE = new PluginServices(Map.of());

  private final Map<Class<?>, Object> byType;

  private PluginServices(Map<Class<?>, Object> byType) {
    this.byType = byType;
  }

  /** Exactly one service. */
  public static <T> PluginServices of(Class<T> type, T service) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(service, "service");
    return new PluginServices(Map.of(type, service));
  }

  /** These services plus one more (replacing one of the same type). */
  public <T> PluginServices and(Class<T> type, T service) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(service, "service");
    Map<Class<?>, Object> more = new java.util.HashMap<>(byType);
    more.put(type, service);
    return new PluginServices(Map.copyOf(more));
  }

  public <T> Optional<T> find(Class<T> type) {
    return Optional.ofNullable(type.cast(byType.get(type)));
  }

  /** The SDK view: an SDK plugin started with old-API services (tests) sees the same counters. */
  @Override
  public Optional<io.gatehouse.sdk.SharedCounters> sharedCounters() {
    return find(SharedCounters.class).map(c -> c);
  }

  @Override
  public Optional<io.gatehouse.sdk.PluginRecords> pluginRecords() {
    return find(io.gatehouse.sdk.PluginRecords.class);
  }
}
