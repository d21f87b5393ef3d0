package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Self-hosted Llama 2 at {@code upstream_url}: {@code llama2_format} {@code openai} (an
 * OpenAI-compatible server), {@code ollama}, or {@code raw} (a text-generation endpoint taking
 * {@code [INST]} prompts and answering {@code {"data":[{"generated_text":…}]}}).
 */
final class Llama2Driver implements Driver {

  @Override
  public String name() {
    return "llama2";
  }

  @Override
  public String origin(Model model) {
    throw new LlmException("must set 'model.options.upstream_url' for self-hosted providers/models");
  }

  @Override
  public String operationPath(RouteType type) {
    return "/";
  }

  @Override
  public boolean streamsTokenCounts() {
    return true;
  }

  private static String format(Model model) {
    return model.options() == null || model.options().llama2Format() == null ? "raw" : model.options().llama2Format();
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    return switch (format(model)) {
      case "openai" -> OpenAiDriver.openAiRequest(request, model);
      case "ollama" -> OllamaFormat.request(request, model);
      default -> raw(request);
    };
  }

  private static Map<String, @Nullable Object> raw(Map<String, @Nullable Object> request) {
    if (request.get("prompt") != null && request.get("messages") != null) {
      throw new LlmException("cannot run raw 'prompt' and chat history 'messages' requests at the same time - refer to schema");
    }
    Map<String, @Nullable Object> parameters = new LinkedHashMap<>();
    parameters.put("max_new_tokens", request.get("max_tokens"));
    parameters.put("top_p", request.get("top_p"));
    parameters.put("top_k", request.get("top_k"));
    parameters.put("temperature", request.get("temperature"));
    parameters.put("stream", request.get("stream") instanceof Boolean b && b);
    parameters.values().removeIf(v -> v == null);
    Map<String, @Nullable Object> out = LlmJson.of("parameters", parameters);
    if (request.get("messages") instanceof List<?> messages) {
      out.put("inputs", inst(messages));
    } else if (request.get("prompt") != null) {
      out.put("inputs", "<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> " + request.get("prompt") + " [/INST]");
    }
    return out;
  }

  /** Llama 2's chat template: the first message is the system prompt, the second the first question. */
  private static String inst(List<?> messages) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      Object m = messages.get(i);
      Object content = m instanceof Map<?, ?> mm ? mm.get("content") : null;
      String role = LlmJson.string(m, "role");
      if (i == 0) b.append("<s>[INST] <<SYS>> ").append(content).append(" <</SYS>>");
      else if (i == 1) b.append(' ').append(content).append(" [/INST]");
      else if ("system".equals(role)) b.append(' ').append(content).append(" </s>");
      else if ("user".equals(role)) b.append(" <s>[INST] ").append(content).append(" [/INST]");
    }
    return b.toString();
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    return switch (format(model)) {
      case "openai" -> OpenAiDriver.checkedOpenAiAnswer(body, name(), type);
      case "ollama" -> OllamaFormat.answer(body, model, type, name());
      default -> fromRaw(body, type);
    };
  }

  private byte[] fromRaw(byte[] body, RouteType type) {
    Map<String, @Nullable Object> r = LlmJson.object(body);
    if (r == null) throw Translation.fromFailure(name(), type.kong(), "failed to decode llama2 response");
    List<?> data = LlmJson.list(r, "data");
    if (data.isEmpty() || data.size() > 1) {
      throw Translation.fromFailure(name(), type.kong(), "cannot parse response from llama2 endpoint");
    }
    String generated = LlmJson.string(data.get(0), "generated_text");
    if (generated == null) throw Translation.fromFailure(name(), type.kong(), "response data is empty from llama2 endpoint");
    String[] parts = generated.split(java.util.regex.Pattern.quote("[/INST]"), -1);
    String reply = parts[parts.length - 1].strip();
    Map<String, @Nullable Object> out = type == RouteType.CHAT
        ? LlmJson.of("choices", List.of(LlmJson.of("message", LlmJson.of("content", reply, "role", "assistant"), "index", 0)),
            "object", "chat.completion")
        : LlmJson.of("choices", List.of(LlmJson.of("index", 0, "text", reply)), "object", "text_completion");
    if (r.get("usage") != null) out.put("usage", r.get("usage"));
    return LlmJson.bytes(out);
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    return switch (format(model)) {
      case "openai" -> event -> StreamTranslator.Frame.data(event.data());
      case "ollama" -> OllamaFormat.stream(type);
      default -> event -> StreamTranslator.Frame.NONE; // Kong has no raw stream transformer
    };
  }
}
