package io.gatehouse.plugin;

/**
 * Kong's {@code access} phase: after routing, before the upstream is contacted. Runs inline on the
 * request's event loop, so it must not block; use {@link AsyncAccess} to wait on I/O.
 *
 * <p>To answer the request instead of proxying, call {@link RewriteContext#exit} or
 * {@link RewriteContext#error} and return: later access handlers are skipped, header filters and
 * log handlers still run. An exception thrown here answers {@code 500 An unexpected error occurred}.
 */
public interface Access<C> extends PhaseHandler<C> {
  void access(AccessContext ctx, C config);
}
