package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Google Gemini ({@code generativelanguage.googleapis.com}, or Vertex AI when
 * {@code options.gemini} names endpoint, project and location): chats become
 * {@code generateContent} / {@code streamGenerateContent} calls ({@code contents},
 * {@code systemInstruction}, {@code generationConfig}); a streamed answer is a JSON array whose
 * elements carry cumulative usage.
 */
final class GeminiDriver implements Driver {

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public String url(RouteType type, Model model, boolean stream) {
    String operation = stream ? "streamGenerateContent" : "generateContent";
    var g = model.options() == null ? null : model.options().gemini();
    String url = g != null && g.apiEndpoint() != null && g.projectId() != null && g.locationId() != null
        ? "https://" + g.apiEndpoint() + "/v1/projects/" + g.projectId() + "/locations/" + g.locationId()
            + "/publishers/google/models/" + model.name() + ":" + operation
        : "https://generativelanguage.googleapis.com/v1beta/models/" + model.name() + ":" + operation;
    if (model.options() != null && model.options().upstreamPath() != null) {
      url = url.substring(0, url.indexOf('/', 8)) + model.options().upstreamPath();
    }
    return url;
  }

  @Override
  public String origin(Model model) {
    return "https://generativelanguage.googleapis.com";
  }

  @Override
  public String operationPath(RouteType type) {
    return "/";
  }

  @Override
  public boolean streamsTokenCounts() {
    return true;
  }

  @Override
  public boolean clearsSetCookie() {
    return true;
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    if (type != RouteType.CHAT) throw new LlmException("no transformer for gemini://" + type.kong());
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    StringBuilder system = null;
    List<Object> contents = new ArrayList<>();
    List<?> messages = LlmJson.list(request, "messages");
    for (int i = 0; i < messages.size(); i++) {
      Object m = messages.get(i);
      String role = LlmJson.string(m, "role");
      Object content = m instanceof Map<?, ?> mm ? mm.get("content") : null;
      if ("system".equals(role)) {
        if (system == null) system = new StringBuilder();
        system.append(content == null ? "" : content);
      } else if ("tool".equals(role)) {
        contents.add(LlmJson.of("role", "function", "parts", List.of(LlmJson.of("function_response",
            LlmJson.of("response", LlmJson.of("content", List.of(content)), "name", "get_product_info")))));
      } else if ("assistant".equals(role) && !LlmJson.list(m, "tool_calls").isEmpty()) {
        List<Object> calls = new ArrayList<>();
        for (Object t : LlmJson.list(m, "tool_calls")) {
          calls.add(LlmJson.of("function_call", LlmJson.of("name", LlmJson.string(LlmJson.map(t, "function"), "name"))));
        }
        contents.add(LlmJson.of("role", "function", "parts", calls));
      } else {
        contents.add(LlmJson.of("role", "assistant".equals(role) ? "model" : role == null ? "user" : role,
            "parts", parts(content, i + 1)));
      }
    }
    if (!contents.isEmpty()) out.put("contents", contents);
    if (system != null) {
      if (model.name() != null && model.name().startsWith("gemini-1.0")) {
        throw new LlmException("error transforming to gemini://llm/v1/chat: system prompts aren't supported on gemini-1.0 models");
      }
      out.put("systemInstruction", LlmJson.of("parts", List.of(LlmJson.of("text", system.toString()))));
    }
    Map<String, @Nullable Object> generation = new LinkedHashMap<>();
    generation.put("maxOutputTokens", request.get("max_tokens"));
    generation.put("stopSequences", request.get("stop"));
    generation.put("temperature", request.get("temperature"));
    generation.put("topK", request.get("top_k"));
    generation.put("topP", request.get("top_p"));
    generation.values().removeIf(v -> v == null);
    out.put("generationConfig", generation);
    if (request.get("tools") instanceof List<?> tools) {
      List<Object> declarations = new ArrayList<>();
      for (Object t : tools) {
        Map<String, @Nullable Object> f = LlmJson.map(t, "function");
        if (f != null) declarations.add(f);
      }
      if (!declarations.isEmpty()) out.put("tools", List.of(LlmJson.of("function_declarations", declarations)));
    }
    if (request.get("tool_config") != null) out.put("tool_config", request.get("tool_config"));
    return out;
  }

  /** OpenAI content (a string, or text and image_url parts) as Gemini parts. */
  private static List<Object> parts(@Nullable Object content, int position) {
    if (content instanceof String s) return List.of(LlmJson.of("text", s));
    if (!(content instanceof List<?> list) || list.isEmpty()) {
      if (content == null) return List.of();
      throw new LlmException("error transforming to gemini://llm/v1/chat: message at position " + position
          + " does not match expected array format");
    }
    List<Object> parts = new ArrayList<>();
    for (Object part : list) {
      String type = LlmJson.string(part, "type");
      if ("text".equals(type) && LlmJson.string(part, "text") != null) {
        parts.add(LlmJson.of("text", LlmJson.string(part, "text")));
      } else if ("image_url".equals(type) && LlmJson.string(LlmJson.map(part, "image_url"), "url") != null) {
        String url = LlmJson.string(LlmJson.map(part, "image_url"), "url");
        if (url.startsWith("data:") && url.indexOf(';') > 0 && url.indexOf(',') > url.indexOf(';')) {
          parts.add(LlmJson.of("inlineData", LlmJson.of("data", url.substring(url.indexOf(',') + 1),
              "mimeType", url.substring(5, url.indexOf(';')))));
        } else {
          parts.add(LlmJson.of("fileData", LlmJson.of("fileUri", url, "mimeType", "image/generic")));
        }
      } else {
        throw new LlmException("error transforming to gemini://llm/v1/chat: cannot transform part of type '" + type
            + "' to Gemini format");
      }
    }
    return parts;
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    Map<String, @Nullable Object> r = LlmJson.object(body);
    if (r == null) throw Translation.fromFailure(name(), type.kong(), "failed to decode response from Gemini");
    List<?> candidates = LlmJson.list(r, "candidates");
    if (candidates.isEmpty()) {
      throw Translation.fromFailure(name(), type.kong(), "no generation candidates received from Gemini, or max_tokens too short");
    }
    Object first = candidates.get(0);
    List<?> parts = LlmJson.list(LlmJson.map(first, "content"), "parts");
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    List<Object> choices = new ArrayList<>();
    if (!parts.isEmpty() && LlmJson.string(parts.get(0), "text") != null) {
      String finish = LlmJson.string(first, "finishReason");
      choices.add(LlmJson.of("index", 0, "message", LlmJson.of("role", "assistant", "content",
          LlmJson.string(parts.get(0), "text")), "finish_reason", finish == null ? null : finish.toLowerCase(Locale.ROOT)));
      out.put("object", "chat.completion");
      out.put("model", model.name());
    } else if (!parts.isEmpty() && LlmJson.map(parts.get(0), "functionCall") != null) {
      choices.add(LlmJson.of("index", 0, "message", LlmJson.of("role", "assistant", "tool_calls", toolCalls(parts))));
    }
    out.put("choices", choices);
    Map<String, @Nullable Object> usage = LlmJson.map(r, "usageMetadata");
    if (usage != null) {
      out.put("usage", LlmJson.of("prompt_tokens", usage.get("promptTokenCount"), "completion_tokens",
          usage.get("candidatesTokenCount"), "total_tokens", usage.get("totalTokenCount")));
    }
    return LlmJson.bytes(out);
  }

  private static List<Object> toolCalls(List<?> parts) {
    List<Object> calls = new ArrayList<>();
    for (Object p : parts) {
      Map<String, @Nullable Object> call = LlmJson.map(p, "functionCall");
      if (call == null) continue;
      calls.add(LlmJson.of("function", LlmJson.of("name", call.get("name"), "arguments",
          LlmJson.text(call.get("args") == null ? Map.of() : call.get("args"))), "type", "function"));
    }
    return calls;
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    return event -> {
      if (StreamTranslator.DONE.equals(event.data())) return StreamTranslator.Frame.data(StreamTranslator.DONE);
      Map<String, @Nullable Object> e = LlmJson.object(event.data());
      List<?> candidates = LlmJson.list(e, "candidates");
      if (candidates.isEmpty()) return StreamTranslator.Frame.NONE;
      Object first = candidates.get(0);
      Object finish = first instanceof Map<?, ?> m ? m.get("finishReason") : null;
      List<?> parts = LlmJson.list(LlmJson.map(first, "content"), "parts");
      Map<String, @Nullable Object> usage = LlmJson.map(e, "usageMetadata");
      Number prompt = LlmJson.number(usage, "promptTokenCount");
      Number completion = LlmJson.number(usage, "candidatesTokenCount");
      Map<String, @Nullable Object> delta;
      if (!parts.isEmpty() && LlmJson.string(parts.get(0), "text") != null) {
        delta = LlmJson.of("content", LlmJson.string(parts.get(0), "text"), "role", "assistant");
      } else if (!parts.isEmpty() && LlmJson.map(parts.get(0), "functionCall") != null) {
        delta = LlmJson.of("tool_calls", toolCalls(parts));
      } else {
        return StreamTranslator.Frame.NONE;
      }
      String chunk = LlmJson.text(LlmJson.of("choices",
          List.of(LlmJson.of("delta", delta, "index", 0, "finish_reason", finish))));
      // Gemini's counts are running totals: they replace, not add (Kong's metrics_set for gemini)
      return new StreamTranslator.Frame(chunk, prompt == null ? 0 : prompt.intValue(),
          completion == null ? 0 : completion.intValue(), true);
    };
  }
}
