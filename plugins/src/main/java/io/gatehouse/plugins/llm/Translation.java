package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.ModelOptions;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Rules every driver shares (Kong's {@code kong/llm/drivers/shared.lua}). */
public final class Translation {
  private Translation() {}

  /**
   * Kong's {@code merge_config_defaults}: the model's configured {@code temperature},
   * {@code max_tokens}, {@code top_p} and {@code top_k} replace the request's.
   */
  public static void mergeOptions(Map<String, @Nullable Object> request, @Nullable ModelOptions o) {
    if (o == null) return;
    if (o.temperature() != null) request.put("temperature", o.temperature());
    if (o.maxTokens() != null) request.put("max_tokens", o.maxTokens());
    if (o.topP() != null) request.put("top_p", o.topP());
    if (o.topK() != null) request.put("top_k", o.topK());
  }

  /**
   * Kong's {@code calculate_cost}: a token estimate by words (answer choices, chat messages or the
   * prompt) times {@code factor}, rounded.
   */
  public static int estimateTokens(Map<String, @Nullable Object> body, double factor) {
    double count = 0;
    if (body.get("choices") instanceof List<?> choices) {
      for (Object c : choices) {
        Map<String, @Nullable Object> message = LlmJson.map(c, "message");
        if (message != null && message.get("content") != null) count += words(message.get("content")) * factor;
        else if (LlmJson.string(c, "text") != null) count += words(LlmJson.string(c, "text")) * factor;
      }
    } else if (body.get("messages") instanceof List<?> messages) {
      for (Object m : messages) {
        count += words(m instanceof Map<?, ?> mm ? mm.get("content") : null) * factor;
      }
    } else if (body.get("prompt") instanceof String prompt) {
      count = words(prompt) * factor;
    }
    return (int) Math.floor(count + 0.5);
  }

  /** Words in a string, or in the {@code text} parts of multi-modal content. */
  static int words(@Nullable Object content) {
    if (content instanceof String s) {
      String t = s.strip();
      return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
    int n = 0;
    if (content instanceof List<?> parts) {
      for (Object p : parts) {
        if ("text".equals(LlmJson.string(p, "type"))) n += words(LlmJson.string(p, "text"));
      }
    }
    return n;
  }

  /** {@code "transformation failed from type <provider>://<route>: <why>"}, Kong's answer when a reply does not translate. */
  static LlmException fromFailure(String provider, String route, String why) {
    return new LlmException("transformation failed from type " + provider + "://" + route + ": " + why);
  }

  /** Kong's answer when a request does not translate. */
  static LlmException toFailure(String provider, RouteType type) {
    return new LlmException("error transforming to " + provider + "://" + type.kong());
  }
}
