package io.gatehouse.plugin;

/**
 * Kong's {@code log} phase: after the response was sent. Runs for every request, including those
 * answered early; must not block (hand slow work to a queue).
 */
public interface Log<C> extends PhaseHandler<C> {
  void log(LogContext ctx, C config);
}
