package io.gatehouse.admin.rbac;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows token guessing per source address: after {@link #MAX_FAILURES} bad tokens within a
 * {@link #WINDOW_MILLIS} window the address is refused (429) until the window ends, whatever token
 * it sends, so a right guess cannot be told apart while it is blocked. A success does not reset the
 * count (else one valid low-privilege token would let an address guess forever). Memory stays bounded: past
 * {@link #MAX_ADDRESSES} tracked addresses the stale ones are dropped. The developer portal's login
 * uses it too, and the Manager's basic-auth login shares the token check's count.
 */
public final class FailedLogins {
  static final int MAX_FAILURES = 10;
  static final long WINDOW_MILLIS = 60_000;
  private static final int MAX_ADDRESSES = 10_000;

  private record Window(long startedAt, int failures) {}

  private final Map<String, Window> byAddress = new ConcurrentHashMap<>();
  private final LongSupplier clockMillis;

  public FailedLogins(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** Seconds until {@code address} may try again, or 0 when it may now. */
  public long retryAfterSeconds(String address) {
    Window w = byAddress.get(address);
    if (w == null || w.failures() < MAX_FAILURES) {
      return 0;
    }
    long left = w.startedAt() + WINDOW_MILLIS - clockMillis.getAsLong();
    return left <= 0 ? 0 : Math.max(1, (left + 999) / 1000);
  }

  public void failed(String address) {
    long now = clockMillis.getAsLong();
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.values().removeIf(w -> now - w.startedAt() >= WINDOW_MILLIS);
    }
    byAddress.merge(address, new Window(now, 1), (old, one) ->
        now - old.startedAt() >= WINDOW_MILLIS ? one : new Window(old.startedAt(), old.failures() + 1));
  }
}
