package io.gatehouse.plugin;

/**
 * Kong's {@code rewrite} phase: runs before routing, so only <b>global</b> instances run it (no
 * route, service or consumer is known yet).
 */
public interface Rewrite<C> extends PhaseHandler<C> {
  void rewrite(RewriteContext ctx, C config);
}
