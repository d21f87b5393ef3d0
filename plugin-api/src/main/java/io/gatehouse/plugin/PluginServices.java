package io.gatehouse.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runtime services a node hands its plugins at start ({@link Plugin#start}), looked up by type.
 * A service is absent when the node cannot offer it (no {@link SharedCounters} without a database).
 */
public final class PluginServices implements io.gatehouse.sdk.NodeServices {
  /** A node offering nothing (DB-less, tests). */
  public static final PluginServices NONE = new PluginServices(Map.of(), name -> null);

  private final Map<Class<?>, Object> byType;
  private final Function<String, String> settings;

  private PluginServices(Map<Class<?>, Object> byType, Function<String, String> settings) {
    this.byType = byType;
    this.settings = settings;
  }

  /** These services plus the node's settings by name (a null answer: unset). */
  public PluginServices withSettings(Function<String, String> settings) {
    return new PluginServices(byType, Objects.requireNonNull(settings, "settings"));
  }

  /** Exactly one service. */
  public static <T> PluginServices of(Class<T> type, T service) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(service, "service");
    return new PluginServices(Map.of(type, service), name -> null);
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
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.apply(name));
  }
}
