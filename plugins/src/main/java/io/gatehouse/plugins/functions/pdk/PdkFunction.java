package io.gatehouse.plugins.functions.pdk;

import org.jspecify.annotations.Nullable;

/**
 * One PDK function ({@code kong.request.get_header}). It answers plain Java values that each
 * binding converts: null, {@code String}, {@code byte[]}, numbers, {@code Boolean}, {@code Map},
 * {@code List} or {@link Multi}. It throws {@link PdkException} for a refused call and
 * {@link Signals.Exit} to end the phase.
 */
@FunctionalInterface
public interface PdkFunction {
  @Nullable Object call(RequestScope scope, Args args);

  /** Several results (Lua's multiple returns; JavaScript gets the first). */
  record Multi(java.util.List<@Nullable Object> values) {
    public static Multi of(@Nullable Object... values) {
      return new Multi(java.util.Arrays.asList(values));
    }
  }
}
