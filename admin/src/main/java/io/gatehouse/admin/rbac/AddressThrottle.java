package io.gatehouse.admin.rbac;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts attempts per source address in fixed {@link #WINDOW_MILLIS} windows: once an address has
 * made {@code limit} of them it is refused (429) until its window ends. Used for failed logins
 * ({@link #FAILED_LOGINS}: bad tokens, the Manager's basic-auth login, the developer portal's
 * login), where a blocked address is refused whatever it sends, so a right guess cannot be told
 * apart, and a success does not reset the count (else one valid low-privilege token would let an
 * address guess forever); and for the portal's sign-ups, where every attempt counts. Memory stays
 * bounded: past {@link #MAX_ADDRESSES} tracked addresses the stale ones are dropped. Per node: the
 * counts live in memory.
 */
public final class AddressThrottle {
  /** Failed logins an address may make in a window. */
  public static final int FAILED_LOGINS = 10;
  static final long WINDOW_MILLIS = 60_000;
  private static final int MAX_ADDRESSES = 10_000;

  private record Window(long startedAt, int attempts) {}

  private final Map<String, Window> byAddress = new ConcurrentHashMap<>();
  private final int limit;
  private final LongSupplier clockMillis;

  /**
   * @param limit attempts an address may make in a window (at least 1)
   * @param clockMillis the time in milliseconds
   */
  public AddressThrottle(int limit, LongSupplier clockMillis) {
    if (limit < 1) throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    this.limit = limit;
    this.clockMillis = java.util.Objects.requireNonNull(clockMillis, "clockMillis");
  }

  /** Seconds until {@code address} may try again, or 0 when it may now. */
  public long retryAfterSeconds(String address) {
    Window w = byAddress.get(address);
    if (w == null || w.attempts() < limit) {
      return 0;
    }
    long left = w.startedAt() + WINDOW_MILLIS - clockMillis.getAsLong();
    return left <= 0 ? 0 : Math.max(1, (left + 999) / 1000);
  }

  /** Counts one attempt by {@code address} (a failed login, a sign-up). */
  public void count(String address) {
    long now = clockMillis.getAsLong();
    if (byAddress.size() >= MAX_ADDRESSES) {
      byAddress.values().removeIf(w -> now - w.startedAt() >= WINDOW_MILLIS);
    }
    byAddress.merge(address, new Window(now, 1), (old, one) ->
        now - old.startedAt() >= WINDOW_MILLIS ? one : new Window(old.startedAt(), old.attempts() + 1));
  }
}
