package io.gatehouse.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code log} phase: the finished request and response. Runs for every request, including
 * those answered early, on the event loop: never block; hand the entry to a queue that sends it
 * from a thread of its own.
 */
public interface LogPhase extends Phase {

  /** The status sent to the client. */
  int status();

  /** The response headers as sent (empty when no response head went out through the filters). */
  ResponseHeaders responseHeaders();

  /** {@code kong.log.serialize()}: a fresh entry each call, with every value set so far. */
  LogEntry serialize();

  /**
   * {@code kong.log.set_serialize_value(key, value)} in its default {@code set} mode: every later
   * {@link #serialize()} of this request carries the value. Dotted keys create nested objects
   * ({@code a.b.c}), {@code \.} is a literal dot; a null value removes the field. Values are
   * plain Java values as in {@link LogEntry#toMap()}.
   */
  void setSerializeValue(String key, @Nullable Object value);

  /**
   * This request's latencies, sizes and response source, without building an entry (what a
   * metrics plugin reads on every request). The runtime answers without allocating; the default
   * reads them from {@link #serialize()}.
   */
  default Measurements measurements() {
    return Measurements.of(serialize().toMap());
  }

  /**
   * The spans the node recorded for this request besides the request span (router, plugin
   * phases, DNS), oldest first, as {@code tracing_instrumentations} asks; empty when it asks for
   * none of them. The log phase's own handlers are not in it.
   */
  default java.util.List<TracedSpan> tracedSpans() {
    return java.util.List.of();
  }
}
