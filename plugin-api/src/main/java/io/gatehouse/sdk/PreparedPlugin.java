package io.gatehouse.sdk;

/**
 * A plugin whose handlers use a prepared form {@code P} of its config record {@code C}: {@link
 * #prepare} runs once per plugin instance when a configuration snapshot is built, never per request.
 * Most plugins implement {@link Plugin}, where {@code P} is the record itself. Register it in
 * {@code META-INF/services/io.gatehouse.sdk.PreparedPlugin} (a {@link Plugin} in
 * {@code META-INF/services/io.gatehouse.sdk.Plugin}).
 *
 * @param <C> the config record, from which the Kong schema is derived (see {@link Plugin})
 * @param <P> what the phases receive
 */
public interface PreparedPlugin<C extends Record, P> {

  /**
   * Turns a validated, defaulted config into what the phases use.
   *
   * @throws IllegalArgumentException when the config cannot be used; the snapshot is rejected
   */
  P prepare(C config);

  /**
   * Kong's {@code rewrite} phase: before routing is final, for global instances only. Change the
   * upstream request or answer early with {@link RewritePhase#exit}.
   */
  default void rewrite(RewritePhase ctx, P config) {}

  /**
   * Kong's {@code access} phase: after routing, before the upstream is contacted. Authenticate,
   * change the upstream request, or answer with {@link RewritePhase#exit}/{@link RewritePhase#error}
   * and return (later access handlers are skipped). An exception answers {@code 500}.
   */
  default void access(AccessPhase ctx, P config) {}

  /**
   * Kong's {@code header_filter} phase: the response status and headers before they are sent, for
   * upstream responses and for responses the gateway or a plugin generated.
   */
  default void headerFilter(HeaderPhase ctx, P config) {}
}
