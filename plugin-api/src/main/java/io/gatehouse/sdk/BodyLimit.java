package io.gatehouse.sdk;

import java.util.Objects;

/**
 * A cap on the request body that the gateway enforces while the body streams upstream (set with
 * {@link AccessPhase#limitRequestBody}); counting needs no buffering. Past {@code maxBytes} the
 * upstream request is abandoned and the client gets {@code kong.response.error(status, message)}
 * (or the connection closes if a response already started).
 */
public record BodyLimit(long maxBytes, int status, String message) {
  public BodyLimit {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
    }
    Objects.requireNonNull(message, "message");
  }
}
