package io.gatehouse.plugins.llm;

import io.gatehouse.plugins.llm.LlmConfig.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's Messages API ({@code /v1/messages}) and legacy Text Completions ({@code /v1/complete}),
 * as Kong's anthropic driver maps them: system messages become {@code system}, tool calls become
 * {@code tool_use}/{@code tool_result} blocks, and streamed {@code message_start},
 * {@code content_block_delta}, {@code message_delta} and {@code message_stop} events become OpenAI
 * chunks with the token counts they carry.
 */
final class AnthropicDriver implements Driver {

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public String origin(Model model) {
    return "https://api.anthropic.com:443";
  }

  @Override
  public String operationPath(RouteType type) {
    return switch (type) {
      case CHAT -> "/v1/messages";
      case COMPLETIONS -> "/v1/complete";
      case PRESERVE -> "/";
    };
  }

  @Override
  public Map<String, String> headers(Model model) {
    String version = model.options() == null ? null : model.options().anthropicVersion();
    return version == null ? Map.of() : Map.of("anthropic-version", version);
  }

  @Override
  public boolean streamsTokenCounts() {
    return true;
  }

  @Override
  public Map<String, @Nullable Object> toProvider(Map<String, @Nullable Object> request, Model model, RouteType type) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    if (type == RouteType.CHAT) {
      if (!(request.get("messages") instanceof List<?> messages)) throw Translation.toFailure(name(), type);
      messages(messages, out);
      out.put("temperature", request.get("temperature"));
      out.put("max_tokens", request.get("max_tokens"));
    } else {
      out.put("prompt", prompt(request, type));
      out.put("temperature", request.get("temperature"));
      out.put("max_tokens_to_sample", request.get("max_tokens"));
    }
    out.put("model", model.name() != null ? model.name() : request.get("model"));
    out.put("stream", request.get("stream") instanceof Boolean b && b);
    if (type == RouteType.CHAT) {
      if (request.get("tools") instanceof List<?> tools) out.put("tools", tools(tools));
      if (request.get("tool_choice") != null) out.put("tool_choice", request.get("tool_choice"));
    }
    out.values().removeIf(v -> v == null); // cjson drops nil members
    return out;
  }

  /** Kong's {@code kong_messages_to_claude_messages}: the last non-chat role is the system prompt. */
  private static void messages(List<?> messages, Map<String, @Nullable Object> out) {
    List<Object> msgs = new ArrayList<>();
    Object system = null;
    for (Object m : messages) {
      String role = LlmJson.string(m, "role");
      Object content = m instanceof Map<?, ?> mm ? mm.get("content") : null;
      if (!"assistant".equals(role) && !"user".equals(role) && !"tool".equals(role)) {
        system = content;
      } else if ("assistant".equals(role) && !LlmJson.list(m, "tool_calls").isEmpty()) {
        List<Object> uses = new ArrayList<>();
        for (Object call : LlmJson.list(m, "tool_calls")) {
          Map<String, @Nullable Object> function = LlmJson.map(call, "function");
          String arguments = LlmJson.string(function, "arguments");
          uses.add(LlmJson.of("type", "tool_use", "id", LlmJson.string(call, "id"), "name",
              LlmJson.string(function, "name"), "input", arguments == null ? null : LlmJson.object(arguments)));
        }
        msgs.add(LlmJson.of("role", role, "content", uses));
      } else if ("tool".equals(role)) {
        msgs.add(LlmJson.of("role", "user", "content", List.of(LlmJson.of("type", "tool_result", "tool_use_id",
            LlmJson.string(m, "tool_call_id"), "content", content))));
      } else {
        msgs.add(m);
      }
    }
    out.put("messages", msgs);
    if (system != null) out.put("system", system);
  }

  /** Claude 2 prompts: {@code Human: …\n\nAssistant:}. */
  private String prompt(Map<String, @Nullable Object> request, RouteType type) {
    if (request.get("prompt") instanceof String p) return "Human: " + p + "\n\nAssistant:";
    if (!(request.get("messages") instanceof List<?> messages)) throw Translation.toFailure(name(), type);
    StringBuilder b = new StringBuilder();
    for (Object m : messages) {
      String role = LlmJson.string(m, "role");
      if ("assistant".equals(role)) b.append("Assistant: ");
      else if ("user".equals(role)) b.append("Human: ");
      b.append(m instanceof Map<?, ?> mm ? String.valueOf(mm.get("content")) : "").append("\n\n");
    }
    return b.append("Assistant:").toString();
  }

  /** OpenAI function tools become Anthropic tools: the function's members with {@code parameters} as {@code input_schema}. */
  private static List<Object> tools(List<?> tools) {
    List<Object> out = new ArrayList<>();
    for (Object t : tools) {
      Map<String, @Nullable Object> function = LlmJson.map(t, "function");
      if (function == null) continue;
      Map<String, @Nullable Object> tool = new LinkedHashMap<>(function);
      tool.put("input_schema", tool.remove("parameters"));
      out.add(tool);
    }
    return out;
  }

  @Override
  public byte[] fromProvider(byte[] body, Model model, RouteType type) {
    Map<String, @Nullable Object> r = LlmJson.object(body);
    if (r == null) throw Translation.fromFailure(name(), type.kong(), "failed to decode anthropic response");
    if (type == RouteType.CHAT) {
      if (!(r.get("content") instanceof List<?> content)) {
        throw Translation.fromFailure(name(), type.kong(), "'content' not in anthropic://llm/v1/chat response");
      }
      Map<String, @Nullable Object> message = LlmJson.of("role", "assistant", "content", text(content));
      List<Object> calls = toolCalls(content);
      if (!calls.isEmpty()) message.put("tool_calls", calls);
      Map<String, @Nullable Object> usage = LlmJson.map(r, "usage");
      Object openAiUsage = "no usage data returned from upstream"; // Kong's marker, in place of the object
      if (usage != null) {
        Number in = LlmJson.number(usage, "input_tokens");
        Number outTokens = LlmJson.number(usage, "output_tokens");
        openAiUsage = LlmJson.of("prompt_tokens", in, "completion_tokens", outTokens, "total_tokens",
            in != null && outTokens != null ? in.longValue() + outTokens.longValue() : null);
      }
      return LlmJson.bytes(LlmJson.of(
          "choices", List.of(LlmJson.of("index", 0, "message", message, "finish_reason", r.get("stop_reason"))),
          "usage", openAiUsage, "model", r.get("model"), "object", "chat.completion"));
    }
    if (!(r.get("completion") instanceof String completion)) {
      throw Translation.fromFailure(name(), type.kong(), "'completion' not in anthropic://llm/v1/chat response");
    }
    return LlmJson.bytes(LlmJson.of(
        "choices", List.of(LlmJson.of("index", 0, "text", completion, "finish_reason", r.get("stop_reason"))),
        "model", r.get("model"), "object", "text_completion"));
  }

  /** The text blocks, joined by newlines (Kong puts one before every block but the first). */
  private static String text(List<?> content) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      String text = LlmJson.string(content.get(i), "text");
      if (text == null) continue;
      if (i != 0) b.append('\n');
      b.append(text);
    }
    return b.toString();
  }

  private static List<Object> toolCalls(List<?> content) {
    List<Object> calls = new ArrayList<>();
    for (Object block : content) {
      if (!"tool_use".equals(LlmJson.string(block, "type"))) continue;
      Object input = block instanceof Map<?, ?> m ? m.get("input") : null;
      calls.add(LlmJson.of("id", LlmJson.string(block, "id"), "type", "function", "function",
          LlmJson.of("name", LlmJson.string(block, "name"), "arguments", LlmJson.text(input == null ? Map.of() : input))));
    }
    return calls;
  }

  @Override
  public StreamTranslator stream(Model model, RouteType type) {
    if (type != RouteType.CHAT) return event -> StreamTranslator.Frame.NONE; // Kong has no completions stream transformer
    return new AnthropicStream(model.name());
  }
}
