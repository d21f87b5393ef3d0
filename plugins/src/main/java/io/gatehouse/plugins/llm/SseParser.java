package io.gatehouse.plugins.llm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a streamed answer into events as its chunks arrive, keeping only the unfinished line
 * between chunks: {@code text/event-stream} frames, and, as Kong's {@code frame_to_events} does, a
 * line starting with {@code {} outside an event counts as one JSON event (Cohere, Ollama).
 */
public final class SseParser {
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private @Nullable String event;
  private @Nullable StringBuilder data;

  /** The events completed by this chunk; {@code last} also ends an event left open. */
  public List<SseEvent> feed(byte[] chunk, boolean last) {
    List<SseEvent> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        line.write(chunk, start, i - start);
        endLine(out);
        start = i + 1;
      }
    }
    line.write(chunk, start, chunk.length - start);
    if (last) {
      if (line.size() > 0) endLine(out);
      dispatch(out);
    }
    return out;
  }

  private void endLine(List<SseEvent> out) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
    if (text.isEmpty()) {
      dispatch(out);
      return;
    }
    if (text.charAt(0) == '{' && data == null && event == null) {
      out.add(new SseEvent(null, text)); // a JSON-lines stream
      return;
    }
    int colon = text.indexOf(':');
    if (colon <= 0) return; // a comment (":keep-alive") or a field without value
    String field = text.substring(0, colon);
    String value = text.substring(colon + 1).stripLeading();
    switch (field) {
      case "event" -> event = value;
      case "data" -> {
        if (data == null) data = new StringBuilder(value);
        else data.append('\n').append(value);
      }
      default -> { } // id, retry: not needed to translate
    }
  }

  private void dispatch(List<SseEvent> out) {
    if (data != null) out.add(new SseEvent(event, data.toString()));
    event = null;
    data = null;
  }
}
