package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Anthropic's Messages API wire format (docs.anthropic.com, "Messages" and "Streaming Messages"). */
final class AnthropicWire {
  private AnthropicWire() {}

  static void messages(ProviderServer s, HttpExchange x, JsonNode body, String key) throws IOException {
    if (!key.equals(x.getRequestHeaders().getFirst("x-api-key"))) {
      error(x, 401, "authentication_error", "invalid x-api-key");
      return;
    }
    if (x.getRequestHeaders().getFirst("anthropic-version") == null) {
      error(x, 400, "invalid_request_error", "anthropic-version: header is required");
      return;
    }
    if (!body.path("max_tokens").isNumber()) {
      error(x, 400, "invalid_request_error", "max_tokens: Field required");
      return;
    }
    for (JsonNode m : body.path("messages")) {
      String role = m.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) {
        error(x, 400, "invalid_request_error", "messages: Unexpected role \"" + role + "\"");
        return;
      }
    }
    String answer = "You said: " + ProviderServer.lastUserText(body.path("messages"));
    int input = ProviderServer.tokens(body.path("system").asText("")) + 0;
    for (JsonNode m : body.path("messages")) input += ProviderServer.tokens(m.path("content").asText(""));
    String model = body.path("model").asText();
    if (body.path("stream").asBoolean(false)) {
      stream(s, x, model, answer, input);
      return;
    }
    ObjectNode r = ProviderServer.object().put("id", "msg_test1").put("type", "message").put("role", "assistant");
    r.putArray("content").addObject().put("type", "text").put("text", answer);
    r.put("model", model).put("stop_reason", "end_turn").putNull("stop_sequence");
    r.putObject("usage").put("input_tokens", input).put("output_tokens", ProviderServer.tokens(answer));
    ProviderServer.send(x, 200, r);
  }

  private static void stream(ProviderServer s, HttpExchange x, String model, String answer, int input) throws IOException {
    OutputStream out = ProviderServer.startStream(x);
    ObjectNode start = ProviderServer.object().put("type", "message_start");
    ObjectNode msg = start.putObject("message").put("id", "msg_stream1").put("type", "message").put("role", "assistant")
        .put("model", model);
    msg.putArray("content");
    msg.putNull("stop_reason").putNull("stop_sequence");
    msg.putObject("usage").put("input_tokens", input).put("output_tokens", 1);
    ProviderServer.event(out, "message_start", start.toString());
    s.gate();
    ObjectNode blockStart = ProviderServer.object().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    ProviderServer.event(out, "content_block_start", blockStart.toString());
    ProviderServer.event(out, "ping", "{\"type\": \"ping\"}");
    String[] words = answer.split(" ");
    for (int i = 0; i < words.length; i++) {
      ObjectNode d = ProviderServer.object().put("type", "content_block_delta").put("index", 0);
      d.putObject("delta").put("type", "text_delta").put("text", (i == 0 ? "" : " ") + words[i]);
      ProviderServer.event(out, "content_block_delta", d.toString());
    }
    ProviderServer.event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    ObjectNode delta = ProviderServer.object().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
    delta.putObject("usage").put("output_tokens", words.length);
    ProviderServer.event(out, "message_delta", delta.toString());
    ProviderServer.event(out, "message_stop", "{\"type\":\"message_stop\"}");
  }

  private static void error(HttpExchange x, int status, String type, String message) throws IOException {
    ObjectNode e = ProviderServer.object().put("type", "error");
    e.putObject("error").put("type", type).put("message", message);
    ProviderServer.send(x, status, e);
  }
}
