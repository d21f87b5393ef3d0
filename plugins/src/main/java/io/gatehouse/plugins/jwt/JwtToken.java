package io.gatehouse.plugins.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A token split and decoded the way Kong's {@code jwt_parser} does it (reference plugins §5,
 * Behaviour step 3): at most three dot-separated parts, each base64 in either alphabet with the
 * padding optional; the header names a known {@code alg}. The signature is not checked here.
 *
 * @param signingInput the bytes the signature covers: the first two parts as sent, with their dot
 */
record JwtToken(ObjectNode header, JsonNode claims, byte[] signingInput, byte[] signature, String alg) {

  /** Either a token or Kong's reason it is unusable ({@code invalid JSON}, {@code invalid alg} …). */
  record Decoded(@Nullable JwtToken token, @Nullable String error) {}

  static Decoded decode(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0) {
      return failed("invalid JSON");
    }
    String header64 = token.substring(0, first);
    String claims64 = token.substring(first + 1, second);
    String signature64 = token.substring(second + 1);
    JsonNode header = json(base64(header64));
    JsonNode claims = json(base64(claims64));
    if (header == null || claims == null) {
      return failed("invalid JSON");
    }
    if (!(header instanceof ObjectNode h) || !h.path("alg").isTextual()
        || !JwtPlugin.ALGORITHMS.contains(h.get("alg").asText())) {
      return failed("invalid alg");
    }
    if (!claims.isObject()) {
      return failed("invalid claims");
    }
    byte[] signature = base64(signature64);
    if (signature == null) {
      return failed("invalid signature");
    }
    byte[] input = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
    return new Decoded(new JwtToken(h, claims, input, signature, h.get("alg").asText()), null);
  }

  private static Decoded failed(String error) {
    return new Decoded(null, error);
  }

  /** Kong's lenient base64: both alphabets, padding added when missing; null when undecodable. */
  static byte @Nullable [] base64(String s) {
    StringBuilder b = new StringBuilder(s.length() + 3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c == '-' ? '+' : c == '_' ? '/' : c);
    }
    while (b.length() % 4 != 0) {
      b.append('=');
    }
    try {
      return Base64.getDecoder().decode(b.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable JsonNode json(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
