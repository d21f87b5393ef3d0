package io.gatehouse.proxy.health;

/**
 * A change of an address's health: what {@link HealthRegistry} publishes to its listeners, and what
 * another node would send to apply the same verdict here ({@link HealthRegistry#apply}).
 *
 * @param atMillis wall-clock time of the verdict, so a receiver can drop stale ones
 */
public record HealthVerdict(HealthKey key, boolean healthy, Source source, long atMillis) {
  /** Who decided. */
  public enum Source {
    ACTIVE,
    PASSIVE,
    ADMIN,
    /** Received from another node. */
    REMOTE
  }
}
