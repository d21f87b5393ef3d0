package io.gatehouse.plugin;

/**
 * Kong's {@code body_filter} phase: each chunk of the upstream response body on its way to the
 * client. Implementing it costs a copy of every chunk, so only plugins that rewrite bodies should.
 */
public interface BodyFilter<C> extends PhaseHandler<C> {

  /**
   * @param chunk the bytes of this chunk (owned by the caller of this method only)
   * @param last whether this is the final chunk
   * @return the bytes to send instead (may be {@code chunk} itself, or empty)
   */
  byte[] bodyFilter(BodyFilterContext ctx, C config, byte[] chunk, boolean last);

  /**
   * Asked once per response, after every header filter ran: whether this response's chunks should
   * pass through {@link #bodyFilter}. Answer {@code false} for responses the plugin leaves alone so
   * they stream without copies (the default filters every response).
   */
  default boolean filtersBody(HeaderFilterContext ctx, C config) {
    return true;
  }
}
