/**
 * The opentelemetry plugin (Kong 3.9): trace context propagation, the request's spans exported
 * over OTLP/HTTP protobuf with the OpenTelemetry SDK, and the request's log entry as an OTLP log.
 * Start at {@link io.gatehouse.plugins.opentelemetry.OpenTelemetryPlugin}.
 */
@NullMarked
package io.gatehouse.plugins.opentelemetry;

import org.jspecify.annotations.NullMarked;
