package io.gatehouse.sdk;

/** The access phase: everything of {@link RewritePhase} plus what is known once the request is routed. */
public interface AccessPhase extends RewritePhase {

  /** Now, in epoch millis, from the gateway's clock. */
  long nowMillis();
}
