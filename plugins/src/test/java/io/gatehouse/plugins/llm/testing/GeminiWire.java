package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Gemini's {@code models/{model}:generateContent} and {@code :streamGenerateContent} (ai.google.dev
 * API reference): the key in the {@code key} query argument, {@code contents}/{@code systemInstruction}
 * in, {@code candidates} and {@code usageMetadata} out; a stream without {@code alt=sse} is one JSON
 * array sent element by element.
 */
final class GeminiWire {
  private GeminiWire() {}

  static void generate(ProviderServer s, HttpExchange x, JsonNode body, String key, boolean stream) throws IOException {
    String query = x.getRequestURI().getRawQuery();
    if (query == null || !query.contains("key=" + key)) {
      ObjectNode e = ProviderServer.object();
      e.putObject("error").put("code", 400).put("message", "API key not valid. Please pass a valid API key.")
          .put("status", "INVALID_ARGUMENT");
      ProviderServer.send(x, 400, e);
      return;
    }
    answer(x, body, stream, s::gate);
  }

  /** Answers an authorized call: "You said: <last user text>", streamed as a JSON array; {@code gate} after the first element. */
  static void answer(HttpExchange x, JsonNode body, boolean stream, Runnable gate) throws IOException {
    String question = "";
    int prompt = ProviderServer.tokens(body.path("systemInstruction").path("parts").path(0).path("text").asText(""));
    for (JsonNode c : body.path("contents")) {
      String text = c.path("parts").path(0).path("text").asText("");
      prompt += ProviderServer.tokens(text);
      if ("user".equals(c.path("role").asText())) question = text;
    }
    String answer = "You said: " + question;
    if (!stream) {
      ProviderServer.send(x, 200, candidate(answer, "STOP", prompt, ProviderServer.tokens(answer)));
      return;
    }
    x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    String[] words = answer.split(" ");
    for (int i = 0; i < words.length; i++) {
      ObjectNode c = candidate((i == 0 ? "" : " ") + words[i], i == words.length - 1 ? "STOP" : null, prompt, i + 1);
      out.write(((i == 0 ? "[" : ",\r\n") + c).getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (i == 0) gate.run();
    }
    out.write("]".getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode candidate(String text, String finish, int prompt, int completion) {
    ObjectNode r = ProviderServer.object();
    ObjectNode cand = r.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content").put("role", "model");
    content.putArray("parts").addObject().put("text", text);
    if (finish != null) cand.put("finishReason", finish);
    cand.put("index", 0);
    r.putObject("usageMetadata").put("promptTokenCount", prompt).put("candidatesTokenCount", completion)
        .put("totalTokenCount", prompt + completion);
    r.put("modelVersion", "gemini-2.5-flash");
    return r;
  }
}
