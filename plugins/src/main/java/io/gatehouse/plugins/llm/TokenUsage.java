package io.gatehouse.plugins.llm;

import io.gatehouse.sdk.Phase;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The tokens and cost of the model call a request made through ai-proxy (or ai-proxy-advanced), as
 * the provider reported them (estimated where Kong estimates). Other plugins read it in their log
 * phase with {@link #of}, whatever their priority: it is read when asked, after the answer ended.
 *
 * @param cost by the model's {@code input_cost}/{@code output_cost} per million tokens; 0 without prices
 */
public record TokenUsage(String provider, String model, long promptTokens, long completionTokens, double cost) {
  /** The {@code kong.ctx.shared} key under which ai-proxy leaves a {@code Supplier<TokenUsage>}. */
  public static final String KEY = "llm.token-usage";

  /** The {@code kong.ctx.shared} key by which a plugin says it will read the usage ({@link #require}). */
  public static final String REQUIRED = "llm.token-usage.required";

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * Says, before ai-proxy's access phase, that this request's usage will be read: a streamed
   * answer's tokens are then counted even when ai-proxy does not log statistics.
   */
  public static void require(Phase ctx) {
    ctx.shared().put(REQUIRED, Boolean.TRUE);
  }

  /** Whether a plugin asked for this request's usage with {@link #require}. */
  public static boolean required(Phase ctx) {
    return ctx.shared().get(REQUIRED) == Boolean.TRUE;
  }

  /** The request's usage, or null when no model call was proxied. */
  public static @Nullable TokenUsage of(Phase ctx) {
    return ctx.shared().get(KEY) instanceof Supplier<?> s && s.get() instanceof TokenUsage u ? u : null;
  }
}
