/**
 * Trace context propagation shared by the tracing plugins (opentelemetry, zipkin), after Kong 3.9's
 * {@code kong/observability/tracing/propagation}: {@link io.gatehouse.plugins.tracing.Extractors}
 * and {@link io.gatehouse.plugins.tracing.Injectors} per {@link io.gatehouse.plugins.tracing.Format},
 * and {@link io.gatehouse.plugins.tracing.Propagation}, the rules one plugin instance runs by.
 */
@NullMarked
package io.gatehouse.plugins.tracing;

import org.jspecify.annotations.NullMarked;
