package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hugging Face's Inference API ({@code api-inference.huggingface.co/models/<model>}): chats go to
 * its OpenAI-compatible {@code /v1/chat/completions}, completions to the model's text-generation
 * endpoint ({@code inputs}, {@code parameters}, {@code options.use_cache}/{@code wait_for_model}).
 */
final class HuggingfaceDriver implements Driver {

  @Override
  public String name() {
    return "huggingface";
  }

  @Override
  public String url(RouteType type, Model model, boolean stream) {
    return withOperation("https://api-inference.huggingface.co/models/" + model.name(), type);
  }

  /** Kong appends the chat path to {@code upstream_url} too. */
  @Override
  public String upstreamUrl(String configured, RouteType type) {
    return withOperation(configured, type);
  }

  private static String withOperation(String base, RouteType type) {
    return type == RouteType.COMPLETIONS ? base : base + "/v1/chat/completions";
  }

  @Override
  public String origin(Model model) {
    return "https://api-inference.huggingface.co";
  }

  @Override
  public String operationPath(RouteType type) {
    return "/";
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    Map<String, @Nullable Object> parameters = LlmJson.map(request, "parameters");
    parameters = parameters == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parameters);
    parameters.putIfAbsent("top_k", request.get("top_k"));
    parameters.putIfAbsent("top_p", request.get("top_p"));
    parameters.putIfAbsent("temperature", request.get("temperature"));
    if (parameters.get("max_tokens") == null) {
      // Kong's spelling for chats, max_lenght, is kept: it is what Kong sends
      parameters.put(request.get("messages") != null ? "max_lenght" : "max_new_tokens", request.get("max_tokens"));
    }
    parameters.values().removeIf(v -> v == null);
    request.remove("top_k");
    request.remove("top_p");
    request.remove("temperature");
    request.remove("max_tokens");
    if (type == RouteType.COMPLETIONS) request.put("inputs", request.remove("prompt"));
    var hf = model.options() == null ? null : model.options().huggingface();
    request.put("options", LlmJson.of("use_cache", hf != null && Boolean.TRUE.equals(hf.useCache()),
        "wait_for_model", hf != null && Boolean.TRUE.equals(hf.waitForModel())));
    request.put("parameters", parameters);
    if (model.name() != null) request.put("model", model.name());
    return request;
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    Object r = LlmJson.any(body);
    if (r == null) throw Translation.fromFailure(name(), type.kong(), "Failed to decode response");
    Object error = r instanceof Map<?, ?> m ? (m.get("error") != null ? m.get("error") : m.get("message")) : null;
    if (error != null) throw Translation.fromFailure(name(), type.kong(), "API error: " + error);
    Map<String, @Nullable Object> out = LlmJson.of("model", model.name(),
        "object", r instanceof Map<?, ?> m && m.get("object") != null ? m.get("object") : type.kong(),
        "choices", new ArrayList<>(), "usage", r instanceof Map<?, ?> m && m.get("usage") != null ? m.get("usage") : Map.of());
    @SuppressWarnings("unchecked")
    List<Object> choices = (List<Object>) out.get("choices");
    String generated = r instanceof List<?> l && !l.isEmpty() ? LlmJson.string(l.get(0), "generated_text") : null;
    if (generated != null) {
      choices.add(LlmJson.of("message", LlmJson.of("content", generated), "index", 0, "finish_reason", "complete"));
    } else if (r instanceof Map<?, ?> m && m.get("choices") instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String content = LlmJson.string(LlmJson.map(list.get(i), "message"), "content");
        choices.add(LlmJson.of("message", LlmJson.of("content", content == null ? "" : content), "index", i,
            "finish_reason", "complete"));
      }
    } else {
      throw Translation.fromFailure(name(), type.kong(), "Invalid response format");
    }
    return LlmJson.bytes(out);
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    return event -> {
      if (StreamTranslator.DONE.equals(event.data())) return StreamTranslator.Frame.data(StreamTranslator.DONE);
      Map<String, @Nullable Object> e = LlmJson.object(event.data());
      if (e == null) return StreamTranslator.Frame.NONE;
      if (type == RouteType.CHAT) {
        List<?> choices = LlmJson.list(e, "choices");
        String content = choices.isEmpty() ? null : LlmJson.string(LlmJson.map(choices.get(0), "delta"), "content");
        return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of("choices", List.of(LlmJson.of("delta",
            LlmJson.of("content", content == null ? "" : content, "role", "assistant"), "index", 0)),
            "model", e.get("model") != null ? e.get("model") : model.name(), "object", "chat.completion.chunk")));
      }
      String text = LlmJson.string(LlmJson.map(e, "token"), "text");
      return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of("choices",
          List.of(LlmJson.of("text", text == null ? "" : text, "index", 0)), "model", model.name(),
          "object", "text_completion")));
    };
  }
}
