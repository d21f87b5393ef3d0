package io.gatehouse.plugins.llm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a streamed JSON array ({@code [{…},\r\n{…}]}, Gemini's {@code streamGenerateContent}) into
 * its elements as they complete, keeping only the unfinished element; the array's end is an event
 * {@code [DONE]} (Kong's {@code json_array_iterator}).
 */
public final class JsonArrayStream {
  private final ByteArrayOutputStream element = new ByteArrayOutputStream();
  private int depth; // 1 inside the array, more inside an element
  private boolean inString;
  private boolean escaped;
  private boolean ended;

  public List<SseEvent> feed(byte[] chunk) {
    List<SseEvent> out = new ArrayList<>();
    for (byte b : chunk) {
      if (ended) break;
      if (depth >= 2) element.write(b);
      if (inString) {
        if (escaped) escaped = false;
        else if (b == '\\') escaped = true;
        else if (b == '"') inString = false;
        continue;
      }
      switch (b) {
        case '"' -> inString = true;
        case '[', '{' -> {
          depth++;
          if (depth == 2) element.write(b);
        }
        case ']', '}' -> {
          depth--;
          if (depth == 1) {
            out.add(new SseEvent(null, element.toString(StandardCharsets.UTF_8)));
            element.reset();
          } else if (depth == 0) {
            out.add(new SseEvent(null, StreamTranslator.DONE));
            ended = true;
          }
        }
        default -> { }
      }
    }
    return out;
  }
}
