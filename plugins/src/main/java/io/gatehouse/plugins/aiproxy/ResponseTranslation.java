package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.EventStreamDecoder;
import io.gatehouse.plugins.llm.Gzip;
import io.gatehouse.plugins.llm.JsonArrayStream;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.plugins.llm.LlmJson;
import io.gatehouse.plugins.llm.SseEvent;
import io.gatehouse.plugins.llm.SseParser;
import io.gatehouse.plugins.llm.StreamTranslator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answer on its way back, chunk by chunk (Kong's parse/normalize json-response and sse-chunk
 * filters): a whole answer is collected and translated at its end; a streamed one is translated
 * event by event and sent on at once, keeping only the unfinished line; a provider error passes
 * with the gateway's provider secrets blanked out.
 */
final class ResponseTranslation {
  private static final byte[] NOTHING = new byte[0];
  private static final int MAX_OBSERVED = 16 << 20; // a preserve answer larger than this is not read for usage
  private static final int MAX_SCRUBBED = 1 << 20; // provider error bodies are small

  enum Mode {
    /** A whole answer to translate. */
    WHOLE,
    /** A streamed answer to translate event by event. */
    STREAM,
    /** A {@code preserve} or native-format answer passing as it is, read for its usage. */
    OBSERVE,
    /** A provider error, passing with secrets blanked. */
    SCRUB
  }

  /** Whether the provider's body is gzip (inflated to be read) and whether the client gets a gzip translation. */
  record Encoding(boolean providerGzip, boolean clientGzip) {
    static final Encoding NONE = new Encoding(false, false);
  }

  private final LlmCall call;
  private final Encoding encoding;
  private final Mode mode;
  private final boolean statistics;
  private final boolean payloads;
  private final List<String> secrets;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private @Nullable SseParser parser;
  private @Nullable JsonArrayStream jsonArray; // a stream sent as application/json (Gemini)
  private @Nullable EventStreamDecoder eventStream; // AWS event-stream framing (Bedrock)
  private @Nullable StreamTranslator translator;
  private @Nullable StringBuilder text; // streamed answer text, only for log_payloads
  private long textChars;
  private @Nullable Object finishReason;
  private boolean passing; // SCRUB gave up on a body too large to hold

  ResponseTranslation(LlmCall call, Mode mode, boolean statistics, boolean payloads, List<String> secrets,
      @Nullable String contentType) {
    this(call, mode, statistics, payloads, secrets, contentType, Encoding.NONE);
  }

  ResponseTranslation(LlmCall call, Mode mode, boolean statistics, boolean payloads, List<String> secrets,
      @Nullable String contentType, Encoding encoding) {
    this.call = call;
    this.encoding = encoding;
    this.mode = mode;
    this.statistics = statistics;
    this.payloads = payloads;
    this.secrets = secrets;
    if (mode == Mode.STREAM) {
      parser = new SseParser();
      // Kong's frame_to_events: an application/json stream is one JSON array, read element by element
      String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
      if (type.startsWith("application/json")) jsonArray = new JsonArrayStream();
      if (type.startsWith("application/vnd.amazon.eventstream")) eventStream = new EventStreamDecoder();
      translator = call.driver.stream(call.model, call.routeType);
      if (payloads) text = new StringBuilder();
    }
  }

  byte[] filter(byte[] chunk, boolean last) {
    return switch (mode) {
      case WHOLE -> {
        kept.writeBytes(chunk);
        yield last ? whole(kept.toByteArray()) : NOTHING;
      }
      case STREAM -> stream(chunk, last);
      case OBSERVE -> {
        if (kept.size() + chunk.length <= MAX_OBSERVED) kept.writeBytes(chunk);
        if (last) observed(readable(kept.toByteArray()));
        yield chunk;
      }
      case SCRUB -> {
        if (passing) yield chunk;
        kept.writeBytes(chunk);
        if (!last && kept.size() > MAX_SCRUBBED && !encoding.providerGzip()) {
          passing = true; // an error body this large is no provider error message: let it stream
          yield kept.toByteArray();
        }
        yield last ? scrub(readable(kept.toByteArray())) : NOTHING;
      }
    };
  }

  /** The provider's body inflated when it came gzip; a body that does not inflate is kept as it came. */
  private byte[] readable(byte[] body) {
    if (!encoding.providerGzip()) return body;
    try {
      return Gzip.inflate(body);
    } catch (LlmException e) {
      return body;
    }
  }

  private byte[] whole(byte[] body) {
    byte[] out = translated(body);
    return encoding.clientGzip() ? Gzip.deflate(out) : out;
  }

  private byte[] translated(byte[] body) {
    byte[] out;
    try {
      out = call.driver.fromProvider(encoding.providerGzip() ? Gzip.inflate(body) : body, call.model, call.routeType);
    } catch (LlmException e) {
      // Kong answers 500 here; the status went out with the head, so only the body says it
      out = LlmJson.bytes(Map.of("error", Map.of("message", e.getMessage())));
    }
    Map<String, @Nullable Object> answer = LlmJson.object(out);
    usage(answer);
    call.responseModel = LlmJson.string(answer, "model");
    call.responseBody = new String(out, StandardCharsets.UTF_8);
    return out;
  }

  /** An answer passed as it came: a native format's usage and model, else an OpenAI-format usage. */
  private void observed(byte[] body) {
    Map<String, @Nullable Object> answer = LlmJson.object(body);
    if (call.nativeFormat == null) {
      usage(answer);
      return;
    }
    long[] counts = call.nativeFormat.usage(answer);
    call.promptTokens = counts[0];
    call.completionTokens = counts[1];
    call.responseModel = call.nativeFormat.responseModel(answer);
    if (payloads) call.responseBody = new String(body, StandardCharsets.UTF_8);
  }

  /** Kong takes the answer's OpenAI-format {@code usage} when it has one. */
  private void usage(@Nullable Map<String, @Nullable Object> answer) {
    Map<String, @Nullable Object> usage = LlmJson.map(answer, "usage");
    Number prompt = LlmJson.number(usage, "prompt_tokens");
    Number completion = LlmJson.number(usage, "completion_tokens");
    if (prompt != null) call.promptTokens = prompt.longValue();
    if (completion != null) call.completionTokens = completion.longValue();
    if (answer != null && call.responseModel == null) call.responseModel = LlmJson.string(answer, "model");
  }

  private byte[] stream(byte[] chunk, boolean last) {
    StringBuilder out = new StringBuilder();
    List<SseEvent> events = eventStream != null ? eventStream.feed(chunk)
        : jsonArray != null ? jsonArray.feed(chunk) : parser.feed(chunk, last);
    for (SseEvent e : events) {
      StreamTranslator.Frame f = translator.translate(e);
      // counts the provider sent come free with the translation: always kept (for /ai/usage)
      if (f.runningTotals()) {
        if (f.promptTokens() != null) call.promptTokens = f.promptTokens();
        if (f.completionTokens() != null) call.completionTokens = f.completionTokens();
      } else {
        if (f.promptTokens() != null) call.promptTokens += f.promptTokens();
        if (f.completionTokens() != null) call.completionTokens += f.completionTokens();
      }
      if (f.data() == null) continue;
      out.append("data: ").append(f.data()).append("\n\n");
      if ((statistics || payloads) && !StreamTranslator.DONE.equals(f.data())) observe(f.data());
    }
    if (last) streamEnded();
    if (call.nativeFormat != null) return chunk; // translated only for the counts: the client reads its provider's frames
    return out.isEmpty() ? NOTHING : out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The chunk's token text and finish reason, for the estimate and the logged answer. */
  private void observe(String data) {
    Map<String, @Nullable Object> chunk = LlmJson.object(data);
    List<?> choices = LlmJson.list(chunk, "choices");
    if (choices.isEmpty()) return;
    Object first = choices.get(0);
    if (first instanceof Map<?, ?> m && m.get("finish_reason") != null) finishReason = m.get("finish_reason");
    String token = LlmJson.string(LlmJson.map(first, "delta"), "content");
    if (token == null) token = LlmJson.string(first, "text");
    if (token == null) return;
    textChars += token.length();
    if (text != null) text.append(token);
  }

  private void streamEnded() {
    if (statistics && call.completionTokens == 0) {
      call.completionTokens = (textChars + 3) / 4; // Kong's estimate: a token per 4 characters
    }
    if (payloads) {
      String answer = text == null ? "" : text.toString();
      call.responseBody = LlmJson.text(LlmJson.of(
          "choices", List.of(LlmJson.of("finish_reason", finishReason, "index", 0, "logprobs", null,
              "message", LlmJson.of("role", "assistant", "content", answer))),
          "object", "chat.completion", "response", answer,
          "usage", LlmJson.of("prompt_tokens", call.promptTokens, "completion_tokens", call.completionTokens,
              "total_tokens", call.promptTokens + call.completionTokens)));
    }
  }

  private byte[] scrub(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    boolean changed = false;
    for (String secret : secrets) {
      if (s.contains(secret)) {
        s = s.replace(secret, "[REDACTED]");
        changed = true;
      }
    }
    return changed ? s.getBytes(StandardCharsets.UTF_8) : body;
  }
}
