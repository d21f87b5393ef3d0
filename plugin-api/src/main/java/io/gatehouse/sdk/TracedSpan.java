package io.gatehouse.sdk;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One span the node recorded for a request under {@code tracing_instrumentations} (Kong's core
 * instrumentations, {@code kong/observability/tracing/instrumentation.lua}): the router
 * ({@code kong.router}), a plugin's rewrite, access or header_filter handler
 * ({@code kong.access.plugin.<name>} …) and a DNS lookup ({@code kong.dns}). Each is a child of
 * the request span {@code kong}; a tracing plugin exports them in the log phase.
 *
 * @param name Kong's span name
 * @param client true for a client span (DNS), false for an internal one
 * @param startEpochNanos wall-clock start, nanoseconds since the epoch
 * @param endEpochNanos wall-clock end, not before the start
 * @param attributes Kong's attributes for the span (String or Long values)
 * @param failed whether the span's status is an error
 * @param error the error Kong records on the span (an {@code exception} event), or null
 */
public record TracedSpan(String name, boolean client, long startEpochNanos, long endEpochNanos,
    Map<String, Object> attributes, boolean failed, @Nullable String error) {
  public TracedSpan {
    Objects.requireNonNull(name, "name");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    if (endEpochNanos < startEpochNanos) {
      throw new IllegalArgumentException("endEpochNanos: expected >= " + startEpochNanos + ", got " + endEpochNanos);
    }
  }
}
