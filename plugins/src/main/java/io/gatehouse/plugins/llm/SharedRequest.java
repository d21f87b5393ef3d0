package io.gatehouse.plugins.llm;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.RequestBody;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI-format request body the AI plugins of one request share (Kong's "request body table in
 * use"): parsed once from the client's JSON body by the first AI plugin, replaced by the prompt
 * plugins (template, decorator), translated last by ai-proxy. An unreadable body is the empty map.
 */
public final class SharedRequest {
  private static final String KEY = "ai.request_body";

  private SharedRequest() {}

  /**
   * The body in use: the one an earlier AI plugin left, else the client's when it is a JSON object
   * of at most {@code maxSize} bytes, else the empty map.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> get(AccessPhase ctx, int maxSize) {
    Object shared = ctx.shared().get(KEY);
    if (shared instanceof Map<?, ?> m) return (Map<String, @Nullable Object>) m;
    Map<String, @Nullable Object> parsed = parse(ctx.requestBody(), ctx.request().header("Content-Type"), maxSize);
    ctx.shared().put(KEY, parsed);
    return parsed;
  }

  /** Whether an earlier AI plugin already holds the body (so the client's need not be read again). */
  public static boolean held(AccessPhase ctx) {
    return ctx.shared().get(KEY) instanceof Map<?, ?>;
  }

  /** Makes {@code body} the one in use and the one sent upstream. */
  public static void replace(AccessPhase ctx, Map<String, @Nullable Object> body) {
    ctx.shared().put(KEY, body);
    ctx.upstream().setBody(LlmJson.bytes(body));
  }

  /** Sends raw bytes upstream (a rendered template); they become the body in use when they are a JSON object. */
  public static void replace(AccessPhase ctx, byte[] raw) {
    Map<String, @Nullable Object> parsed = LlmJson.object(raw);
    ctx.shared().put(KEY, parsed == null ? Map.of() : parsed);
    ctx.upstream().setBody(raw);
    ctx.upstream().setHeader("Content-Type", "application/json");
  }

  private static Map<String, @Nullable Object> parse(@Nullable RequestBody body, @Nullable String contentType,
      int maxSize) {
    if (body == null || body.bytes().length == 0 || body.bytes().length > maxSize) return Map.of();
    // Kong reads the body as JSON when the Content-Type says so or is absent
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) return Map.of();
    Map<String, @Nullable Object> parsed = LlmJson.object(body.bytes());
    return parsed == null ? Map.of() : parsed;
  }
}
