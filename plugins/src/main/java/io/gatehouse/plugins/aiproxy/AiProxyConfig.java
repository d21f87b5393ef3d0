package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.OneOf;
import org.jspecify.annotations.Nullable;

/** The ai-proxy config: Kong's {@code kong/llm/schemas} fields plus ai-proxy's own four. */
public record AiProxyConfig(
    @OneOf({"llm/v1/chat", "llm/v1/completions", "preserve"}) String routeType,
    LlmConfig.@Nullable Auth auth,
    LlmConfig.Model model,
    LlmConfig.Logging logging,
    @Default("allow") @OneOf({"allow", "deny", "always"}) @Nullable String responseStreaming,
    @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
    @Default("true") @Nullable Boolean modelNameHeader,
    @Default("openai") @OneOf({"openai", "bedrock", "gemini"}) @Nullable String llmFormat) {

  int bodyLimit() {
    return maxRequestBodySize == null ? 8192 : maxRequestBodySize;
  }
}
