package io.gatehouse.plugins.proxycache;

import java.util.Map;

/**
 * A stored response (Kong stores {@code status, headers, body, body_len, timestamp, ttl, version}).
 *
 * @param timestampMillis when it was stored
 * @param ttlSeconds its freshness lifetime
 */
record CachedResponse(int status, Map<String, String> headers, byte[] body, long timestampMillis, long ttlSeconds,
    int version) {
  /** Bumped when the stored shape changes: older entries are purged on sight (Kong's {@code version}). */
  static final int VERSION = 1;
}
