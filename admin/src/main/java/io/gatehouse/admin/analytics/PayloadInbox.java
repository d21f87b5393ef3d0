package io.gatehouse.admin.analytics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Hands a captured payload from the {@code call-log} plugin's log phase to the call's row, by
 * request id: the plugin leaves it, the store's listener takes it right after (same request, same
 * event loop). Bounded, so payloads left by calls that are never recorded cannot pile up.
 */
public final class PayloadInbox {
  static final int MAX_WAITING = 10_000;

  private final ConcurrentHashMap<String, CapturedPayload> waiting = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  /** Leaves the payload of call {@code requestId}; refused (and counted) when too many wait. */
  public void leave(String requestId, CapturedPayload payload) {
    if (waiting.size() >= MAX_WAITING) {
      refused.increment();
      return;
    }
    waiting.put(requestId, payload);
  }

  /** The payload left for {@code requestId}, removed; null when none (no lookup when none waits). */
  @Nullable CapturedPayload take(String requestId) {
    return waiting.isEmpty() ? null : waiting.remove(requestId);
  }

  long refused() {
    return refused.sum();
  }
}
