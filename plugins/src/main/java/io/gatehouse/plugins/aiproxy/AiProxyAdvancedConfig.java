package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ai-proxy-advanced's config (Gatehouse's design, shaped after Kong Enterprise's plugin of that
 * name): ai-proxy's fields once, several {@code targets} (each an ai-proxy LLM record plus a
 * weight) and how to choose among them and fail over ({@code balancer}).
 */
public record AiProxyAdvancedConfig(
    Balancer balancer,
    @Len(min = 1) List<Target> targets,
    @Default("allow") @OneOf({"allow", "deny", "always"}) @Nullable String responseStreaming,
    @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
    @Default("true") @Nullable Boolean modelNameHeader) {

  /**
   * How a request picks its first target and what makes it try the next one.
   *
   * @param algorithm {@code round-robin} (by weight), {@code lowest-latency} (the smallest moving
   *     average of answer latency; unmeasured targets first) or {@code priority} (highest weight
   *     first, the others only as fallbacks)
   * @param retries further targets a request may try after its first one
   * @param failoverCriteria what makes a try fail over: {@code error} (no connection, reset),
   *     {@code timeout}, or a provider status {@code http_429}, {@code http_500} …
   * @param connectTimeout ms to connect to a provider, when failing over
   * @param readTimeout ms for a provider's whole answer (a streamed one: its first byte), when failing over
   */
  public record Balancer(
      @Default("round-robin") @OneOf({"round-robin", "lowest-latency", "priority"}) String algorithm,
      @Default("5") @Between(min = 0, max = 32767) int retries,
      @Default({"error", "timeout", "http_429", "http_500", "http_502", "http_503", "http_504"})
      List<@OneOf({"error", "timeout", "http_403", "http_404", "http_429", "http_500", "http_502", "http_503", "http_504"})
          String> failoverCriteria,
      @Default("60000") @Between(min = 1, max = 2147483646) int connectTimeout,
      @Default("60000") @Between(min = 1, max = 2147483646) int readTimeout) {}

  /** One model behind the balancer: ai-proxy's LLM record plus its weight. */
  public record Target(
      @OneOf({"llm/v1/chat", "llm/v1/completions"}) String routeType,
      LlmConfig.@Nullable Auth auth,
      LlmConfig.Model model,
      LlmConfig.Logging logging,
      @Default("100") @Between(min = 1, max = 65535) int weight,
      @Nullable String description) {}

  /** The ai-proxy config a target stands for. */
  AiProxyConfig proxyConfig(Target t) {
    return new AiProxyConfig(t.routeType(), t.auth(), t.model(), t.logging(), responseStreaming, maxRequestBodySize,
        modelNameHeader, "openai");
  }
}
