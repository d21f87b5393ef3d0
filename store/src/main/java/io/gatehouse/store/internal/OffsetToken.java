package io.gatehouse.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Kong's PostgreSQL page token: unpadded base64 of a JSON array holding the last row's key, e.g.
 * {@code ["<uuid>"]}. Opaque to clients; bad tokens are code 7 with Kong's reasons.
 */
public final class OffsetToken {
  private OffsetToken() {}

  public static String encode(String... key) {
    ArrayNode a = Json.array();
    for (String k : key) {
      a.add(k);
    }
    byte[] json = Json.write(a).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().withoutPadding().encodeToString(json);
  }

  /** The key inside {@code token}, which must hold exactly {@code parts} strings. */
  public static List<String> decode(String token, int parts) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw KongException.invalidOffset(token, "bad base64 encoding");
    }
    JsonNode node;
    try {
      node = Json.parse(new String(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw KongException.invalidOffset(token, "bad json encoding");
    }
    if (!node.isArray() || node.size() != parts) {
      throw KongException.invalidOffset(token, "bad json encoding");
    }
    List<String> key = new ArrayList<>(parts);
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw KongException.invalidOffset(token, "bad json encoding");
      }
      key.add(n.asText());
    }
    return key;
  }
}
