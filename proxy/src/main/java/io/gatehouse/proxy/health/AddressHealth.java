package io.gatehouse.proxy.health;

import org.jspecify.annotations.Nullable;

/**
 * The health of one address and lua-resty-healthcheck's counters: one success counter and three
 * failure counters. A success resets the failure counters and a failure the success counter, so
 * thresholds count consecutive events; a report whose counter is disabled (limit 0) is ignored, and
 * so is a report in the direction the address already fully is. Balancers read {@link #healthy()}
 * (a volatile read); reports take this object's monitor for a few field updates.
 */
public final class AddressHealth {
  private final HealthKey key;
  private volatile boolean healthy = true;
  // "fully" healthy/unhealthy: no counter of the other direction pending (Kong's internal_health)
  private boolean settled = true;
  private int successes;
  private int httpFailures;
  private int tcpFailures;
  private int timeouts;

  AddressHealth(HealthKey key) {
    this.key = key;
  }

  public HealthKey key() {
    return key;
  }

  public boolean healthy() {
    return healthy;
  }

  /**
   * Counts one outcome against its threshold.
   *
   * @return the new health when this report flipped it, else null
   */
  synchronized @Nullable Boolean count(Outcome outcome, int limit) {
    if (limit <= 0) return null;
    boolean good = outcome == Outcome.SUCCESS;
    if (settled && good == healthy) return null;
    int reached;
    if (good) {
      httpFailures = tcpFailures = timeouts = 0;
      reached = ++successes;
    } else {
      successes = 0;
      reached = switch (outcome) {
        case HTTP_FAILURE -> ++httpFailures;
        case TCP_FAILURE -> ++tcpFailures;
        default -> ++timeouts;
      };
    }
    if (reached >= limit) {
      boolean changed = healthy != good;
      set(good);
      return changed ? good : null;
    }
    settled = false;
    return null;
  }

  /** Sets the health outright (admin override, remote verdict) and clears the counters. */
  synchronized void set(boolean value) {
    healthy = value;
    settled = true;
    successes = httpFailures = tcpFailures = timeouts = 0;
  }
}
