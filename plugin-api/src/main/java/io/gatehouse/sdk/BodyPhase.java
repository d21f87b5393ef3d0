package io.gatehouse.sdk;

/**
 * Kong's {@code body_filter} phase: which response the chunks passing through {@link
 * PreparedPlugin#bodyFilter} belong to. No headers here: they were sent.
 */
public interface BodyPhase extends Phase {

  /** The response status whose body is passing through (after any header filter changed it). */
  int status();
}
