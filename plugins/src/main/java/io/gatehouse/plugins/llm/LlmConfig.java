package io.gatehouse.plugins.llm;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Check;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
import io.gatehouse.sdk.Validator;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/** The config records Kong's {@code kong/llm/schemas} gives every AI plugin (auth, model, logging). */
public final class LlmConfig {
  private LlmConfig() {}

  /** How the gateway authenticates to the provider; the secrets never reach logs or error bodies. */
  public record Auth(
      @Referenceable @Nullable String headerName,
      @Referenceable @Nullable String headerValue,
      @Referenceable @Nullable String paramName,
      @Referenceable @Nullable String paramValue,
      @OneOf({"query", "body"}) @Nullable String paramLocation,
      @Default("false") @Nullable Boolean gcpUseServiceAccount,
      @Referenceable @Nullable String gcpServiceAccountJson,
      @Referenceable @Nullable String awsAccessKeyId,
      @Referenceable @Nullable String awsSecretAccessKey,
      @Default("false") @Nullable Boolean allowOverride) {

    /** Whether a value the client sent for the header or parameter is kept. */
    public boolean overridable() {
      return Boolean.TRUE.equals(allowOverride);
    }
  }

  public record GeminiOptions(@Nullable String apiEndpoint, @Nullable String projectId, @Nullable String locationId) {}

  public record BedrockOptions(@Nullable String awsRegion) {}

  public record HuggingfaceOptions(@Nullable Boolean useCache, @Nullable Boolean waitForModel) {}

  public record ModelOptions(
      @Nullable Integer maxTokens,
      @Gt(0) @Nullable Double inputCost,
      @Gt(0) @Nullable Double outputCost,
      @Between(min = 0, max = 5) @Nullable Double temperature,
      @Between(min = 0, max = 1) @Nullable Double topP,
      @Between(min = 0, max = 500) @Nullable Integer topK,
      @Nullable String anthropicVersion,
      @Nullable String azureInstance,
      @Default("2023-05-15") @Nullable String azureApiVersion,
      @Nullable String azureDeploymentId,
      @OneOf({"raw", "openai", "ollama"}) @Nullable String llama2Format,
      @OneOf({"openai", "ollama"}) @Nullable String mistralFormat,
      @Check(Url.class) @Nullable String upstreamUrl,
      @Nullable String upstreamPath,
      @Nullable GeminiOptions gemini,
      @Nullable BedrockOptions bedrock,
      @Nullable HuggingfaceOptions huggingface) {}

  public record Model(
      @OneOf({"openai", "azure", "anthropic", "cohere", "mistral", "llama2", "gemini", "bedrock", "huggingface"})
      String provider,
      @Nullable String name,
      @Nullable ModelOptions options) {}

  public record Logging(@Default("false") boolean logStatistics, @Default("false") boolean logPayloads) {}

  /** Kong's {@code typedefs.url}: a URL with a scheme and a host. */
  public static final class Url implements Validator {
    @Override
    public @Nullable String check(Object value) {
      URI uri;
      try {
        uri = new URI(value.toString());
      } catch (Exception e) {
        return "could not parse url. " + e.getMessage();
      }
      if (uri.getScheme() == null) return "missing scheme in url";
      if (uri.getHost() == null) return "missing host in url";
      return null;
    }
  }
}
