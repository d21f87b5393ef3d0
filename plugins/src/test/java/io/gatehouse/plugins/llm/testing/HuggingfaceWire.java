package io.gatehouse.plugins.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Hugging Face's text-generation task ({@code POST /models/<model>}: {@code inputs},
 * {@code parameters}; answer {@code [{"generated_text": …}]}). Chats use the OpenAI-compatible route.
 */
final class HuggingfaceWire {
  private HuggingfaceWire() {}

  static void generate(HttpExchange x, JsonNode body, String key) throws IOException {
    if (!("Bearer " + key).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      ProviderServer.send(x, 401, ProviderServer.object().put("error", "Invalid credentials in Authorization header"));
      return;
    }
    ArrayNode r = ProviderServer.JSON.createArrayNode();
    r.addObject().put("generated_text", body.path("inputs").asText() + " and so on");
    ProviderServer.send(x, 200, r);
  }
}
