package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Ollama's {@code POST /api/chat} (github.com/ollama/ollama docs/api.md: one JSON object, or JSON
 * lines when streaming, the last with {@code done: true} and the counts), and a raw Llama 2
 * text-generation endpoint answering {@code {"data":[{"generated_text":…}]}}.
 */
final class OllamaWire {
  private OllamaWire() {}

  static void chat(ProviderServer s, HttpExchange x, JsonNode body) throws IOException {
    String answer = "You said: " + ProviderServer.lastUserText(body.path("messages"));
    int prompt = 0;
    for (JsonNode m : body.path("messages")) prompt += ProviderServer.tokens(m.path("content").asText(""));
    String model = body.path("model").asText();
    if (!body.path("stream").asBoolean(true)) {
      ObjectNode r = line(model, answer, true).put("prompt_eval_count", prompt)
          .put("eval_count", ProviderServer.tokens(answer)).put("done_reason", "stop");
      ProviderServer.send(x, 200, r);
      return;
    }
    x.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    String[] words = answer.split(" ");
    for (int i = 0; i < words.length; i++) {
      out.write((line(model, (i == 0 ? "" : " ") + words[i], false) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (i == 0) s.gate();
    }
    ObjectNode done = line(model, "", true).put("prompt_eval_count", prompt).put("eval_count", words.length);
    out.write((done + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode line(String model, String content, boolean done) {
    ObjectNode l = ProviderServer.object().put("model", model).put("created_at", "2024-12-05T07:00:00Z");
    l.putObject("message").put("role", "assistant").put("content", content);
    return l.put("done", done);
  }

  static void rawLlama2(HttpExchange x, JsonNode body) throws IOException {
    String inputs = body.path("inputs").asText();
    ObjectNode r = ProviderServer.object();
    r.putArray("data").addObject().put("generated_text", inputs + " The answer is " + inputs.length() + " characters long.");
    ProviderServer.send(x, 200, r);
  }
}
