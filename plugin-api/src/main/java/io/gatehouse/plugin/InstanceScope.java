package io.gatehouse.plugin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which plugin instance a config belongs to and where it is attached — what Kong injects into every
 * handler's config as {@code __plugin_id}, {@code route_id}, {@code service_id}, {@code consumer_id}
 * (reference plugins §1.4). Rate limiting builds its counter keys from it.
 *
 * @param pluginId the {@code plugins} row's id
 */
public record InstanceScope(
    String pluginId, @Nullable String routeId, @Nullable String serviceId, @Nullable String consumerId) {
  public InstanceScope {
    Objects.requireNonNull(pluginId, "pluginId");
  }
}
