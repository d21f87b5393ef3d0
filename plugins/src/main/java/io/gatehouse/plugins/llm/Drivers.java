package io.gatehouse.plugins.llm;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The providers Gatehouse translates for, by Kong's name. */
public final class Drivers {
  private static final Map<String, Driver> BY_NAME = Map.of(
      "openai", new OpenAiDriver(),
      "anthropic", new AnthropicDriver(),
      "azure", new AzureDriver(),
      "mistral", new MistralDriver(),
      "llama2", new Llama2Driver(),
      "gemini", new GeminiDriver(),
      "cohere", new CohereDriver(),
      "huggingface", new HuggingfaceDriver(),
      "bedrock", new BedrockDriver());

  private Drivers() {}

  /** The driver of a provider, or null when Gatehouse does not translate for it yet. */
  public static @Nullable Driver of(String provider) {
    return BY_NAME.get(provider);
  }
}
