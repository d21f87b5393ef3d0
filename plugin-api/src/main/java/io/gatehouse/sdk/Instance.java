package io.gatehouse.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which plugin instance a config belongs to and where it is attached: what Kong injects into a
 * handler's config as {@code __plugin_id}, {@code route_id}, {@code service_id},
 * {@code consumer_id}. Given to {@link PreparedPlugin#prepare(Record, Instance)}; rate limiting
 * builds its counter keys from it.
 *
 * @param pluginId the {@code plugins} row's id
 */
public record Instance(
    String pluginId, @Nullable String routeId, @Nullable String serviceId, @Nullable String consumerId) {
  public Instance {
    Objects.requireNonNull(pluginId, "pluginId");
  }
}
