package io.gatehouse.plugins.opentelemetry;

import io.gatehouse.plugins.tracing.Ids;
import io.opentelemetry.sdk.trace.IdGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Ids for the SDK's spans. The ids a request's spans carry are fixed in the access phase, before
 * the spans exist, because they go to the upstream in the propagation headers; the spans are built
 * later, in the log phase, on the same thread, which sets the ids to use right before it starts each one.
 */
final class ChosenIds implements IdGenerator {
  static final ChosenIds INSTANCE = new ChosenIds();
  private static final ThreadLocal<String @Nullable []> NEXT = new ThreadLocal<>();

  private ChosenIds() {}

  /** The next span started on this thread gets these ids (hex); {@link #clear} after. */
  static void set(String traceId, String spanId) {
    NEXT.set(new String[] {traceId, spanId});
  }

  static void clear() {
    NEXT.remove();
  }

  @Override
  public String generateSpanId() {
    String[] next = NEXT.get();
    return next != null ? next[1] : Ids.hex(Ids.random(8));
  }

  @Override
  public String generateTraceId() {
    String[] next = NEXT.get();
    return next != null ? next[0] : Ids.hex(Ids.random(16));
  }
}
