package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cohere's v1 {@code POST /v1/chat} (docs.cohere.com API v1: {@code message}, {@code chat_history},
 * {@code Authorization: Bearer}; answer {@code text}, {@code generation_id}, {@code meta.billed_units};
 * a stream is JSON lines {@code stream-start}, {@code text-generation}…, {@code stream-end}).
 */
final class CohereWire {
  private CohereWire() {}

  static void chat(ProviderServer s, HttpExchange x, JsonNode body, String key) throws IOException {
    if (!("Bearer " + key).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      ProviderServer.send(x, 401, ProviderServer.object().put("message", "invalid api token"));
      return;
    }
    String message = body.path("message").asText();
    int input = ProviderServer.tokens(message);
    for (JsonNode h : body.path("chat_history")) input += ProviderServer.tokens(h.path("message").asText());
    String answer = "You said: " + message;
    if (!body.path("stream").asBoolean(false)) {
      ObjectNode r = ProviderServer.object().put("response_id", "r-1").put("text", answer).put("generation_id", "gen-1")
          .put("finish_reason", "COMPLETE");
      r.putObject("meta").putObject("billed_units").put("input_tokens", input).put("output_tokens", ProviderServer.tokens(answer));
      ProviderServer.send(x, 200, r);
      return;
    }
    x.getResponseHeaders().set("Content-Type", "application/stream+json");
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    line(out, ProviderServer.object().put("is_finished", false).put("event_type", "stream-start").put("generation_id", "gen-s"));
    s.gate();
    String[] words = answer.split(" ");
    for (int i = 0; i < words.length; i++) {
      line(out, ProviderServer.object().put("is_finished", false).put("event_type", "text-generation")
          .put("text", (i == 0 ? "" : " ") + words[i]));
    }
    ObjectNode end = ProviderServer.object().put("is_finished", true).put("event_type", "stream-end")
        .put("finish_reason", "COMPLETE");
    end.putObject("response").put("text", answer).putObject("meta").putObject("billed_units")
        .put("input_tokens", input).put("output_tokens", words.length);
    line(out, end);
  }

  private static void line(OutputStream out, ObjectNode event) throws IOException {
    out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
