package io.gatehouse.proxy.upstream;

import org.jspecify.annotations.Nullable;

/**
 * What a balancer may read of the request to compute its hash (Kong's {@code hash_on} sources).
 * Implemented by the request flow; asked at most once per request, on the first try.
 */
public interface RequestFacts {
  /** All values of a header joined with ", " (as nginx does), or null. */
  @Nullable String header(String name);

  /** The value of a request cookie, or null. */
  @Nullable String cookie(String name);

  /** nginx's normalized {@code $uri} (no query). */
  String path();

  /** A query argument; repeated ones sorted and joined with ",", a bare key is {@code "true"}; null if absent. */
  @Nullable String queryArg(String name);

  /** The client address after real-IP processing. */
  String clientIp();

  /** The authenticated consumer's id, else the credential's id, else null. */
  @Nullable String consumerId();

  /** A router regex capture by name or number, or null. */
  @Nullable String uriCapture(String name);
}
