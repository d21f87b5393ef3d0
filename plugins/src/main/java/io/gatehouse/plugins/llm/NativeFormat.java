package io.gatehouse.plugins.llm;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * ai-proxy's native {@code llm_format}s (Kong's {@code kong/llm/adapters}): the client speaks the
 * provider's own API and its body goes to the provider as it is. The OpenAI-format view of the
 * request built here is only read, for Kong's checks (prompts present, the model, the route type)
 * and the prompt token estimate; the provider's answer passes untranslated and is read for its usage.
 */
public enum NativeFormat {
  /** Bedrock's Converse API: {@code /model/{model}/converse[-stream]}. */
  BEDROCK(Pattern.compile("/model/([^/]+)/([^/]+)$"), "converse-stream"),
  /** Gemini's {@code /models/{model}:generateContent} and {@code :streamGenerateContent}. */
  GEMINI(Pattern.compile("/models/([^:]+):([^/]+)$"), "streamGenerateContent");

  private static final Map<String, String> GEMINI_ROLES = Map.of("human", "user", "model", "assistant", "function", "tool");

  private final Pattern path;
  private final String streamOperation;

  NativeFormat(Pattern path, String streamOperation) {
    this.path = path;
    this.streamOperation = streamOperation;
  }

  /** The native format of an {@code llm_format} value; null for {@code openai} (or none). */
  public static @Nullable NativeFormat of(@Nullable String llmFormat) {
    if (llmFormat == null || "openai".equals(llmFormat)) return null;
    return valueOf(llmFormat.toUpperCase(Locale.ROOT));
  }

  /** Kong's {@code FORMAT_ID}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Kong's {@code to_kong_req}: the OpenAI-format view of a native request. The model and whether
   * it streams come from the route's named captures {@code model} and {@code operation}, else
   * from the request path.
   */
  public Map<String, @Nullable Object> toOpenAi(Map<String, @Nullable Object> body, String requestPath,
      Map<String, String> namedCaptures) {
    String model = namedCaptures.get("model");
    String operation = namedCaptures.get("operation");
    if (model == null || operation == null) {
      Matcher m = path.matcher(requestPath);
      if (m.find()) {
        model = m.group(1);
        operation = m.group(2);
      }
    }
    if (this == BEDROCK && model != null) model = URLDecoder.decode(model, StandardCharsets.UTF_8);
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("stream", streamOperation.equals(operation));
    List<Object> messages = this == GEMINI
        ? messages(body.get("contents"), "parts", GEMINI_ROLES, systemText(LlmJson.map(body, "system_instruction"), "parts"))
        : messages(body.get("messages"), "content", Map.of(), firstText(body.get("system")));
    if (!messages.isEmpty()) out.put("messages", messages);
    Map<String, @Nullable Object> params = LlmJson.map(body, this == GEMINI ? "generationConfig" : "inferenceConfig");
    if (params != null) {
      out.put("temperature", params.get("temperature"));
      out.put("max_tokens", params.get(this == GEMINI ? "maxOutputTokens" : "maxTokens"));
      out.put("top_p", params.get("topP"));
      if (this == GEMINI) out.put("top_k", params.get("topK"));
      out.put("stop", params.get("stopSequences"));
    }
    return out;
  }

  /** Kong's {@code extract_metadata}: the native answer's token counts, 0 where it has none. */
  public long[] usage(@Nullable Map<String, @Nullable Object> answer) {
    Map<String, @Nullable Object> u = LlmJson.map(answer, this == GEMINI ? "usageMetadata" : "usage");
    if (u == null) return new long[] {0, 0};
    Number prompt = LlmJson.number(u, this == GEMINI ? "promptTokenCount" : "inputTokens");
    Number completion = LlmJson.number(u, this == GEMINI ? "candidatesTokenCount" : "outputTokens");
    return new long[] {prompt == null ? 0 : prompt.longValue(), completion == null ? 0 : completion.longValue()};
  }

  /** Kong's {@code extract_response_model}: Gemini's {@code modelVersion}; Bedrock tells none. */
  public @Nullable String responseModel(@Nullable Map<String, @Nullable Object> answer) {
    return this == GEMINI ? LlmJson.string(answer, "modelVersion") : null;
  }

  /** Native messages (a list, or Gemini's single content object) as OpenAI messages of text parts. */
  private static List<Object> messages(@Nullable Object native_, String partsKey, Map<String, String> roles,
      @Nullable String system) {
    List<Object> out = new ArrayList<>();
    List<?> list = native_ instanceof List<?> l ? l : native_ instanceof Map<?, ?> m && !m.isEmpty() ? List.of(m) : List.of();
    for (Object msg : list) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      String role = LlmJson.string(msg, "role");
      if (role != null) m.put("role", roles.getOrDefault(role, role));
      Object parts = msg instanceof Map<?, ?> mm ? mm.get(partsKey) : null;
      List<Object> content = new ArrayList<>();
      for (Object part : parts instanceof List<?> pl ? pl : parts instanceof Map<?, ?> pm ? List.of(pm) : List.of()) {
        String text = LlmJson.string(part, "text");
        if (text != null) content.add(LlmJson.of("type", "text", "text", text));
      }
      if (!content.isEmpty()) m.put("content", content);
      out.add(m);
    }
    if (system != null && !out.isEmpty()) {
      out.addFirst(LlmJson.of("role", "system", "content", List.of(LlmJson.of("type", "text", "text", system))));
    }
    return out;
  }

  private static @Nullable String systemText(@Nullable Map<String, @Nullable Object> instruction, String partsKey) {
    return instruction == null ? null : firstText(instruction.get(partsKey));
  }

  private static @Nullable String firstText(@Nullable Object parts) {
    if (parts instanceof List<?> l) return l.isEmpty() ? null : LlmJson.string(l.get(0), "text");
    return parts instanceof Map<?, ?> ? LlmJson.string(parts, "text") : null;
  }
}
