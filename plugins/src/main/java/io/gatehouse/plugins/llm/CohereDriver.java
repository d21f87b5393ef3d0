package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Cohere's v1 API ({@code /v1/chat}, {@code /v1/generate}): the last message becomes
 * {@code message}, the earlier ones {@code chat_history} ({@code USER}/{@code CHATBOT});
 * {@code top_p}/{@code top_k} become {@code p}/{@code k}; streamed answers are JSON lines
 * ({@code stream-start}, {@code text-generation}, {@code stream-end} with the billed units).
 */
final class CohereDriver implements Driver {

  @Override
  public String name() {
    return "cohere";
  }

  @Override
  public String origin(Model model) {
    return "https://api.cohere.com:443";
  }

  @Override
  public String operationPath(RouteType type) {
    return switch (type) {
      case CHAT -> "/v1/chat";
      case COMPLETIONS -> "/v1/generate";
      case PRESERVE -> "/";
    };
  }

  @Override
  public boolean streamsTokenCounts() {
    return true;
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    if (request.get("tools") != null) return OpenAiDriver.openAiRequest(request, model); // as Kong: tools go as OpenAI
    if (request.get("prompt") != null && request.get("messages") != null) {
      throw new LlmException("cannot run a 'prompt' and a history of 'messages' at the same time - refer to schema");
    }
    if (request.containsKey("top_p")) request.put("p", request.remove("top_p"));
    if (request.containsKey("top_k")) request.put("k", request.remove("top_k"));
    if (model.name() != null) request.put("model", model.name());
    if (!(request.get("stream") instanceof Boolean)) request.put("stream", false);
    if (request.get("messages") instanceof List<?> messages && !messages.isEmpty()) {
      if (messages.size() > 1) {
        List<Object> history = new ArrayList<>();
        for (Object m : messages.subList(0, messages.size() - 1)) {
          String role = LlmJson.string(m, "role");
          history.add(LlmJson.of("role", "assistant".equals(role) || "CHATBOT".equals(role) ? "CHATBOT" : "USER",
              "message", m instanceof Map<?, ?> mm ? mm.get("content") : null));
        }
        request.put("chat_history", history);
      }
      Object last = messages.get(messages.size() - 1);
      request.put("message", last instanceof Map<?, ?> mm ? mm.get("content") : null);
      request.remove("messages");
    }
    return request;
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    Map<String, @Nullable Object> r = LlmJson.object(body);
    if (r == null) throw Translation.fromFailure(name(), type.kong(), "failed to decode cohere response");
    Map<String, @Nullable Object> out;
    Map<String, @Nullable Object> billed = LlmJson.map(LlmJson.map(r, "meta"), "billed_units");
    if (r.get("prompt") != null && r.get("generations") instanceof List<?> generations) {
      List<Object> choices = new ArrayList<>();
      for (int i = 0; i < generations.size(); i++) {
        choices.add(LlmJson.of("index", i, "text", LlmJson.string(generations.get(i), "text"), "finish_reason", "stop"));
      }
      out = LlmJson.of("choices", choices, "object", "text_completion", "model", model.name(), "id", r.get("id"),
          "usage", usage(billed, "input_tokens", "output_tokens"));
    } else if (r.get("text") != null) {
      Map<String, @Nullable Object> counts = type == RouteType.CHAT ? billed : LlmJson.map(r, "token_count");
      out = LlmJson.of("choices", List.of(LlmJson.of("index", 0, "message", LlmJson.of("role", "assistant", "content",
              r.get("text")), "finish_reason", "stop")), "object", "chat.completion", "model", model.name(),
          "id", r.get("generation_id"), "usage", type == RouteType.CHAT ? usage(counts, "input_tokens", "output_tokens")
              : usage(counts, "prompt_tokens", "response_tokens"));
    } else if (type == RouteType.CHAT && LlmJson.map(r, "message") != null) {
      Map<String, @Nullable Object> message = LlmJson.map(r, "message");
      Object content = message.get("tool_plan") != null ? message.get("tool_plan") : message.get("content");
      Map<String, @Nullable Object> m = LlmJson.of("role", "assistant", "content", content);
      if (message.get("tool_calls") != null) m.put("tool_calls", message.get("tool_calls"));
      out = LlmJson.of("choices", List.of(LlmJson.of("index", 0, "message", m, "finish_reason", r.get("finish_reason"))),
          "object", "chat.completion", "model", model.name(), "id", r.get("id"),
          "usage", usage(LlmJson.map(LlmJson.map(r, "usage"), "billed_units"), "input_tokens", "output_tokens"));
    } else {
      throw Translation.fromFailure(name(), type.kong(), "'text' or 'generations' missing from cohere response body");
    }
    return LlmJson.bytes(out);
  }

  private static Map<String, @Nullable Object> usage(@Nullable Map<String, @Nullable Object> counts, String in, String out) {
    Number prompt = LlmJson.number(counts, in);
    Number completion = LlmJson.number(counts, out);
    return LlmJson.of("completion_tokens", completion, "prompt_tokens", prompt, "total_tokens",
        prompt != null && completion != null ? prompt.longValue() + completion.longValue() : null);
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    String[] id = new String[1]; // stream-start's generation id, repeated on every chunk
    return event -> {
      Map<String, @Nullable Object> e = LlmJson.object(event.data());
      if (e == null) return StreamTranslator.Frame.NONE;
      String kind = LlmJson.string(e, "event_type");
      if ("stream-start".equals(kind)) {
        id[0] = LlmJson.string(e, "generation_id");
        return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of("choices", List.of(LlmJson.of("delta",
            LlmJson.of("content", "", "role", "assistant"), "index", 0)), "id", id[0], "model", model.name(),
            "object", "chat.completion.chunk")));
      }
      if ("text-generation".equals(kind)) {
        String text = LlmJson.string(e, "text");
        Map<String, @Nullable Object> choice = type == RouteType.CHAT
            ? LlmJson.of("delta", LlmJson.of("content", text == null ? "" : text), "index", 0, "finish_reason", null,
                "logprobs", null)
            : LlmJson.of("text", text == null ? "" : text, "index", 0, "finish_reason", null, "logprobs", null);
        return StreamTranslator.Frame.data(LlmJson.text(LlmJson.of("choices", List.of(choice), "id", id[0],
            "model", model.name(), "object", type == RouteType.CHAT ? "chat.completion.chunk" : "text_completion")));
      }
      if ("stream-end".equals(kind)) {
        Map<String, @Nullable Object> response = LlmJson.map(e, "response");
        Map<String, @Nullable Object> billed = LlmJson.map(LlmJson.map(response, "meta"), "billed_units");
        Map<String, @Nullable Object> counts = LlmJson.map(response, "token_count");
        Number completion = LlmJson.number(billed, "output_tokens");
        if (completion == null) completion = LlmJson.number(counts, "response_tokens");
        Number prompt = LlmJson.number(billed, "input_tokens");
        if (prompt == null) prompt = LlmJson.number(counts, "prompt_tokens");
        return new StreamTranslator.Frame(StreamTranslator.DONE, prompt == null ? 0 : prompt.intValue(),
            completion == null ? 0 : completion.intValue());
      }
      return StreamTranslator.Frame.NONE;
    };
  }
}
