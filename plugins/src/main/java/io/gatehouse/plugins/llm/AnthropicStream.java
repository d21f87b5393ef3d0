package io.gatehouse.plugins.llm;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One streamed Anthropic Messages answer, event by event, as OpenAI chunks (Kong's {@code handle_stream_event}). */
final class AnthropicStream implements StreamTranslator {
  private final @Nullable String model;
  private @Nullable String id; // message_start's id, repeated on every chunk

  AnthropicStream(@Nullable String model) {
    this.model = model;
  }

  @Override
  public Frame translate(SseEvent event) {
    Map<String, @Nullable Object> data = LlmJson.object(event.data());
    if (event.event() == null || data == null) return Frame.NONE;
    return switch (event.event()) {
      case "message_start" -> start(data);
      case "message_delta" -> {
        Map<String, @Nullable Object> usage = LlmJson.map(data, "usage");
        Number out = LlmJson.number(usage, "output_tokens");
        yield usage == null ? Frame.NONE : new Frame(null, null, out == null ? null : out.intValue());
      }
      case "content_block_start", "content_block_delta" -> Frame.data(delta(data));
      case "message_stop" -> Frame.data(DONE);
      default -> Frame.NONE; // ping, content_block_stop, error
    };
  }

  private Frame start(Map<String, @Nullable Object> data) {
    Map<String, @Nullable Object> message = LlmJson.map(data, "message");
    if (message == null) return Frame.NONE;
    id = LlmJson.string(message, "id");
    Map<String, @Nullable Object> usage = LlmJson.map(message, "usage");
    Number in = LlmJson.number(usage, "input_tokens");
    Number out = LlmJson.number(usage, "output_tokens");
    String chunk = LlmJson.text(LlmJson.of(
        "choices", List.of(LlmJson.of("delta", LlmJson.of("content", "", "role", message.get("role")), "index", 0,
            "logprobs", null)),
        "id", id, "model", model, "object", "chat.completion.chunk", "system_fingerprint", null));
    return new Frame(chunk, in == null ? null : in.intValue(), out == null ? null : out.intValue());
  }

  private String delta(Map<String, @Nullable Object> data) {
    String text = LlmJson.string(LlmJson.map(data, "delta"), "text");
    return LlmJson.text(LlmJson.of(
        "choices", List.of(LlmJson.of("delta", LlmJson.of("content", text == null ? "" : text), "index", 0,
            "finish_reason", null, "logprobs", null)),
        "id", id, "model", model, "object", "chat.completion.chunk"));
  }
}
