package io.gatehouse.plugins.awslambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.functioncall.FunctionHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns Lambda's answer into the client's response, as Kong's handler does: Lambda's status,
 * headers ({@code X-Amz-*}, {@code x-amzn-RequestId}, Content-Type …) and payload; with
 * {@code is_proxy_integration} the function's {@code statusCode}/{@code headers}/{@code
 * multiValueHeaders}/{@code body}/{@code isBase64Encoded} (and the 2.0 format's {@code cookies}); {@code unhandled_status} for an
 * {@code X-Amz-Function-Error: Unhandled}; {@code empty_arrays_mode: legacy} writes empty JSON
 * arrays as {@code {}}.
 */
final class LambdaReply {
  /** The answer: {@code body} is sent as is; header values in lists go out as one line each. */
  record Answer(int status, byte[] body, Map<String, List<String>> headers) {}

  /** A proxy-integration payload Kong refuses with 502. */
  static final class BadProxyResponse extends Exception {
    BadProxyResponse(String message) {
      super(message);
    }
  }

  private static final Pattern JSON_TYPE = Pattern.compile("application/.*json");

  private LambdaReply() {}

  static Answer answer(LambdaClient.Reply reply, AwsLambdaConfig c) throws BadProxyResponse {
    if (reply.status() >= 400) {
      throw new IllegalStateException("Lambda answered " + reply.status() + ": " + message(reply));
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    reply.headers().forEach((name, values) -> {
      if (!FunctionHttp.hopByHop(name)) headers.put(name, values);
    });
    Object content = content(reply);
    Integer status = null;
    if (AwsLambdaConfig.on(c.isProxyIntegration())) {
      ProxyResponse p = proxyResponse(content);
      status = p.status();
      p.headers().forEach((name, values) -> {
        if (!FunctionHttp.hopByHop(name)) headers.put(name, values);
      });
      return new Answer(status, p.body(), headers);
    }
    String functionError = first(headers, "X-Amz-Function-Error");
    status = c.unhandledStatus() != null && "Unhandled".equals(functionError) ? c.unhandledStatus() : reply.status();
    byte[] body;
    if (content instanceof JsonNode node) {
      if (node.isContainerNode() && "legacy".equals(c.emptyArraysMode()) && isJson(first(headers, "Content-Type"))) {
        node = emptyArraysAsObjects(node);
      }
      body = node.isTextual() ? node.asText().getBytes(StandardCharsets.UTF_8) : Json.write(node).getBytes(StandardCharsets.UTF_8);
    } else {
      body = reply.body();
    }
    return new Answer(status, body, headers);
  }

  /** The payload: decoded when Lambda says it is JSON and it parses (as lua-resty-aws does), else raw bytes. */
  private static @Nullable Object content(LambdaClient.Reply reply) {
    if (reply.body().length == 0) return null;
    if (isJson(first(reply.headers(), "Content-Type"))) {
      try {
        return Json.MAPPER.readTree(reply.body());
      } catch (Exception e) {
        // not JSON after all: kept as text
      }
    }
    return reply.body();
  }

  private record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body) {}

  private static ProxyResponse proxyResponse(@Nullable Object content) throws BadProxyResponse {
    JsonNode r;
    if (content instanceof JsonNode node) {
      r = node;
    } else if (content instanceof byte[] raw) {
      try {
        r = Json.MAPPER.readTree(raw);
      } catch (Exception e) {
        String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (why != null && why.indexOf(" (start marker") > 0) why = why.substring(0, why.indexOf(" (start marker"));
        throw new BadProxyResponse(why == null ? "invalid JSON" : why.lines().findFirst().orElse(why));
      }
    } else {
      throw new BadProxyResponse("proxy response must be json format");
    }
    if (!(r instanceof ObjectNode o)) throw new BadProxyResponse("statusCode validation failed");
    Integer status = statusCode(o.get("statusCode"));
    if (status == null) throw new BadProxyResponse("statusCode validation failed");
    JsonNode h = o.get("headers");
    if (h != null && !h.isObject()) throw new BadProxyResponse("headers must be a table");
    JsonNode b = o.get("body");
    if (b != null && !b.isTextual()) throw new BadProxyResponse("body must be a string");
    JsonNode base64 = o.get("isBase64Encoded");
    if (base64 != null && !base64.isBoolean()) throw new BadProxyResponse("isBase64Encoded must be a boolean");
    byte[] body = b == null ? new byte[0] : b.asText().getBytes(StandardCharsets.UTF_8);
    if (base64 != null && base64.asBoolean()) {
      body = Base64.getMimeDecoder().decode(b == null ? "" : b.asText());
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (h != null) h.properties().forEach(e -> headers.put(e.getKey(), values(e.getValue())));
    JsonNode multi = o.get("multiValueHeaders");
    if (multi != null && multi.isObject()) multi.properties().forEach(e -> headers.put(e.getKey(), values(e.getValue())));
    JsonNode cookies = o.get("cookies"); // payload format 2.0: each one a Set-Cookie line
    if (cookies != null && cookies.isArray() && !cookies.isEmpty()) {
      List<String> set = new ArrayList<>(headers.getOrDefault("Set-Cookie", List.of()));
      set.addAll(values(cookies));
      headers.put("Set-Cookie", set);
    }
    return new ProxyResponse(status, headers, body);
  }

  /** A number or numeric string from 100 to 599 (Kong's {@code validate_http_status_code}). */
  private static @Nullable Integer statusCode(@Nullable JsonNode n) {
    if (n == null) return null;
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      try {
        v = Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return v >= 100 && v <= 599 ? (int) v : null;
  }

  private static List<String> values(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> out.add(e.isValueNode() ? e.asText() : Json.write(e)));
    } else {
      out.add(v.isValueNode() ? v.asText() : Json.write(v));
    }
    return out;
  }

  private static JsonNode emptyArraysAsObjects(JsonNode node) {
    if (node.isArray() && node.isEmpty()) return Json.object();
    if (node instanceof ObjectNode o) {
      o.properties().forEach(e -> e.setValue(emptyArraysAsObjects(e.getValue())));
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, emptyArraysAsObjects(a.get(i)));
    }
    return node;
  }

  private static boolean isJson(@Nullable String contentType) {
    return contentType != null && JSON_TYPE.matcher(contentType.toLowerCase(Locale.ROOT)).find();
  }

  private static @Nullable String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  /** Lambda's error text ({@code Message}/{@code message}) for the log. */
  private static String message(LambdaClient.Reply reply) {
    try {
      JsonNode n = Json.MAPPER.readTree(reply.body());
      JsonNode m = n.has("Message") ? n.get("Message") : n.get("message");
      if (m != null) return m.asText();
    } catch (Exception e) {
      // fall through
    }
    return new String(reply.body(), StandardCharsets.UTF_8);
  }
}
