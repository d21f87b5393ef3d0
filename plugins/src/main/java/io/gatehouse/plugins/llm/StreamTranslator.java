package io.gatehouse.plugins.llm;

import org.jspecify.annotations.Nullable;

/** Translates a provider's streamed events into OpenAI {@code chat.completion.chunk} events, one at a time. */
public interface StreamTranslator {

  /** The OpenAI-format {@code data} of one provider event, with any token counts it carried. */
  record Frame(@Nullable String data, @Nullable Integer promptTokens, @Nullable Integer completionTokens,
      boolean runningTotals) {
    public static final Frame NONE = new Frame(null, null, null, false);

    /** Counts to add to those seen so far. */
    public Frame(@Nullable String data, @Nullable Integer promptTokens, @Nullable Integer completionTokens) {
      this(data, promptTokens, completionTokens, false);
    }

    public static Frame data(String data) {
      return new Frame(data, null, null, false);
    }
  }

  /** The stream's terminator, {@code data: [DONE]}. */
  String DONE = "[DONE]";

  /** One event's translation; {@link Frame#NONE} when it carries nothing for the client. */
  Frame translate(SseEvent event);
}
