package io.gatehouse.plugin;

/**
 * Kong's {@code header_filter} phase: the response status and headers, before they are sent. Runs
 * for upstream responses and for responses the gateway or a plugin generated. Requests that matched
 * no route run only global instances here.
 */
public interface HeaderFilter<C> extends PhaseHandler<C> {
  void headerFilter(HeaderFilterContext ctx, C config);
}
