package io.gatehouse.sdk;

/**
 * Kong's {@code body_filter} phase: which response the chunks passing through {@link
 * PreparedPlugin#bodyFilter} belong to. No headers here: they were sent.
 */
public interface BodyPhase extends Phase {

  /** The response status whose body is passing through (after any header filter changed it). */
  int status();

  /**
   * A trailer of the response (nginx's {@code $sent_trailer_*}: gRPC's {@code grpc-status},
   * {@code grpc-message}), known with the last chunk; null before it or when the response has none.
   */
  default @org.jspecify.annotations.Nullable String trailer(String name) {
    return null;
  }
}
