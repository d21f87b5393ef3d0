package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Ollama's {@code /api/chat} and {@code /api/generate} format (Kong's {@code to_ollama}/{@code from_ollama}). */
final class OllamaFormat {
  private OllamaFormat() {}

  static Map<String, @Nullable Object> request(Map<String, @Nullable Object> request, Model model) {
    if (request.get("prompt") != null && request.get("messages") != null) {
      throw new LlmException("cannot run raw 'prompt' and chat history 'messages' requests at the same time - refer to schema");
    }
    Map<String, @Nullable Object> in = new LinkedHashMap<>();
    if (request.get("messages") != null) in.put("messages", request.get("messages"));
    else if (request.get("prompt") != null) in.put("prompt", request.get("prompt"));
    in.put("stream", request.get("stream") instanceof Boolean b && b);
    in.put("model", model.name());
    if (request.get("tools") != null) in.put("tools", request.get("tools"));
    if (request.get("tool_choice") != null) in.put("tool_choice", request.get("tool_choice"));
    if (model.options() != null) {
      Map<String, @Nullable Object> options = new LinkedHashMap<>();
      options.put("num_predict", request.get("max_tokens"));
      options.put("temperature", request.get("temperature"));
      options.put("top_p", request.get("top_p"));
      options.put("top_k", request.get("top_k"));
      options.values().removeIf(v -> v == null);
      in.put("options", options);
    }
    return in;
  }

  static byte[] answer(byte[] body, Model model, RouteType type, String provider) {
    Map<String, @Nullable Object> r = LlmJson.object(body);
    if (r == null) throw Translation.fromFailure(provider, type.kong(), "failed to decode ollama response");
    Number eval = LlmJson.number(r, "eval_count");
    Number promptEval = LlmJson.number(r, "prompt_eval_count");
    long completion = eval == null ? 0 : eval.longValue();
    long prompt = promptEval == null ? 0 : promptEval.longValue();
    Integer max = model.options() == null ? null : model.options().maxTokens();
    String stop = max != null && eval != null && eval.longValue() == max ? "length" : "stop";
    Map<String, @Nullable Object> out = LlmJson.of("model", r.get("model"), "created", r.get("created_at"),
        "usage", LlmJson.of("completion_tokens", completion, "prompt_tokens", prompt, "total_tokens", completion + prompt));
    if (type == RouteType.CHAT) {
      out.put("object", "chat.completion");
      out.put("choices", List.of(LlmJson.of("finish_reason", r.get("finish_reason") != null ? r.get("finish_reason") : stop,
          "index", 0, "message", r.get("message"))));
    } else {
      out.put("object", "text_completion");
      out.put("choices", List.of(LlmJson.of("index", 0, "text", r.get("response"))));
    }
    return LlmJson.bytes(out);
  }

  /** One line of Ollama's JSON-lines stream. */
  static StreamTranslator stream(RouteType type) {
    return event -> {
      Map<String, @Nullable Object> r = LlmJson.object(event.data());
      if (r == null) return StreamTranslator.Frame.NONE;
      if (Boolean.TRUE.equals(r.get("done"))) {
        Number prompt = LlmJson.number(r, "prompt_eval_count");
        Number completion = LlmJson.number(r, "eval_count");
        return new StreamTranslator.Frame(StreamTranslator.DONE, prompt == null ? 0 : prompt.intValue(),
            completion == null ? 0 : completion.intValue());
      }
      if (type == RouteType.CHAT) {
        String content = LlmJson.string(LlmJson.map(r, "message"), "content");
        return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of(
            "choices", List.of(LlmJson.of("delta", LlmJson.of("content", content == null ? "" : content), "index", 0)),
            "model", r.get("model"), "object", "chat.completion.chunk")));
      }
      String text = LlmJson.string(r, "response");
      return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of(
          "choices", List.of(LlmJson.of("text", text == null ? "" : text, "index", 0)),
          "model", r.get("model"), "object", "text_completion")));
    };
  }
}
