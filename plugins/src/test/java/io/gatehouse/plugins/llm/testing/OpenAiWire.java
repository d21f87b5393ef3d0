package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** OpenAI's Chat Completions and Completions wire format (platform.openai.com API reference). */
final class OpenAiWire {
  private OpenAiWire() {}

  static void chat(ProviderServer s, HttpExchange x, JsonNode body, String key) throws IOException {
    if (!authorized(x, key)) return;
    if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
      error(x, 400, "invalid_request_error", "'messages' is a required property", null);
      return;
    }
    String model = body.path("model").asText("");
    if (model.equals("echo-auth-error")) {
      // a provider that repeats the credential it got in its error (the gateway must blank it)
      error(x, 400, "invalid_request_error", "model not allowed for " + x.getRequestHeaders().getFirst("Authorization"), null);
      return;
    }
    if (model.equals("rate-limited")) {
      // OpenAI's 429 (rate limit reached), with the key it got to prove the gateway blanks it
      x.getResponseHeaders().set("Retry-After", "20");
      error(x, 429, "requests", "Rate limit reached for gpt-4o on tokens per min; key " + key, "rate_limit_exceeded");
      return;
    }
    if (model.equals("overloaded")) {
      error(x, 503, "server_error", "The engine is currently overloaded, please try again later", null);
      return;
    }
    if (model.startsWith("slow-")) {
      try {
        Thread.sleep(Long.parseLong(model.substring(5))); // a provider taking its time (virtual thread)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (model.equals("broken")) {
      ProviderServer.send(x, 200, ProviderServer.object().put("id", "x").put("object", "chat.completion"));
      return;
    }
    String answer = "You said: " + ProviderServer.lastUserText(body.path("messages"));
    if (model.equals("json-instructions")) {
      // a model prompted to answer with response instructions (ai-response-transformer's JSON mode)
      ObjectNode instructions = ProviderServer.object().put("status", 201);
      instructions.putObject("headers").put("X-Rewritten", "by-model").put("Content-Type", "application/json");
      instructions.putObject("body").put("said", ProviderServer.lastUserText(body.path("messages")));
      answer = instructions.toString();
    }
    int prompt = 0;
    for (JsonNode m : body.path("messages")) prompt += ProviderServer.tokens(m.path("content").asText(""));
    if (body.path("stream").asBoolean(false) && model.startsWith("bulk-")) {
      bulk(x, model, Long.parseLong(model.substring(5)) << 20);
      return;
    }
    if (body.path("stream").asBoolean(false)) {
      stream(s, x, model, answer);
      return;
    }
    ObjectNode r = ProviderServer.object().put("id", "chatcmpl-test1").put("object", "chat.completion")
        .put("created", 1733000000L).put("model", model + "-0613");
    ObjectNode choice = r.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", answer);
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    int completion = ProviderServer.tokens(answer);
    r.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    x.getResponseHeaders().add("Set-Cookie", "__cf_bm=provider-cookie; path=/");
    ProviderServer.send(x, 200, r);
  }

  private static void stream(ProviderServer s, HttpExchange x, String model, String answer) throws IOException {
    OutputStream out = ProviderServer.startStream(x);
    ObjectNode first = chunk(model);
    first.withArray("choices").addObject().put("index", 0).putObject("delta").put("role", "assistant").put("content", "");
    ProviderServer.event(out, null, first.toString());
    s.firstEventSent();
    s.gate();
    String[] words = answer.split(" ");
    for (int i = 0; i < words.length; i++) {
      ObjectNode c = chunk(model);
      c.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
          .put("content", (i == 0 ? "" : " ") + words[i]);
      ProviderServer.event(out, null, c.toString());
    }
    ObjectNode end = chunk(model);
    end.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
    ProviderServer.event(out, null, end.toString());
    ProviderServer.event(out, null, "[DONE]");
  }

  /** A streamed answer of {@code bytes} content characters ({@code bulk-<MiB>}), 8 KiB per event, written as fast as it is read. */
  private static void bulk(HttpExchange x, String model, long bytes) throws IOException {
    OutputStream out = ProviderServer.startStream(x);
    String piece = "0123456789abcdef".repeat(512);
    for (long sent = 0; sent < bytes; sent += piece.length()) {
      String content = bytes - sent >= piece.length() ? piece : piece.substring(0, (int) (bytes - sent));
      ObjectNode c = chunk(model);
      c.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", content);
      ProviderServer.event(out, null, c.toString());
    }
    ObjectNode end = chunk(model);
    end.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
    ProviderServer.event(out, null, end.toString());
    ProviderServer.event(out, null, "[DONE]");
  }

  private static ObjectNode chunk(String model) {
    ObjectNode c = ProviderServer.object().put("id", "chatcmpl-stream1").put("object", "chat.completion.chunk")
        .put("created", 1733000000L).put("model", model);
    c.putArray("choices");
    return c;
  }

  static void completions(ProviderServer s, HttpExchange x, JsonNode body, String key) throws IOException {
    if (!authorized(x, key)) return;
    String text = "\n\nYou wrote: " + body.path("prompt").asText();
    ObjectNode r = ProviderServer.object().put("id", "cmpl-test1").put("object", "text_completion")
        .put("created", 1733000000L).put("model", body.path("model").asText());
    r.putArray("choices").addObject().put("text", text).put("index", 0).putNull("logprobs").put("finish_reason", "length");
    int prompt = ProviderServer.tokens(body.path("prompt").asText());
    int completion = ProviderServer.tokens(text);
    r.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    ProviderServer.send(x, 200, r);
  }

  /**
   * OpenAI's {@code /v1/audio/transcriptions}: a multipart/form-data upload; answers {@code text}
   * naming the upload's size and a SHA-256 of its bytes, so a test can check they arrived unchanged.
   */
  static void transcription(HttpExchange x, byte[] raw, String key) throws IOException {
    if (!authorized(x, key)) return;
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
      error(x, 400, "invalid_request_error", "Could not parse multipart form", null);
      return;
    }
    ProviderServer.send(x, 200, ProviderServer.object().put("text", raw.length + " bytes " + ProviderServer.sha256(raw)));
  }

  /** OpenAI's 401 for a missing or wrong key, the key masked as OpenAI does. */
  private static boolean authorized(HttpExchange x, String key) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (("Bearer " + key).equals(auth)) return true;
    if (key.equals(x.getRequestHeaders().getFirst("api-key"))) return true; // Azure OpenAI's header
    String presented = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
    String masked = presented.length() < 8 ? "***" : presented.substring(0, 3) + "*****" + presented.substring(presented.length() - 4);
    error(x, 401, "invalid_request_error", "Incorrect API key provided: " + masked + ".", "invalid_api_key");
    return false;
  }

  private static void error(HttpExchange x, int status, String type, String message, String code) throws IOException {
    ObjectNode e = ProviderServer.object();
    ObjectNode err = e.putObject("error").put("message", message).put("type", type);
    err.putNull("param");
    if (code == null) err.putNull("code");
    else err.put("code", code);
    ProviderServer.send(x, status, e);
  }
}
