package io.gatehouse.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.net.FormCodec;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes Admin API bodies as Kong does (reference §2.2): JSON as-is; form-urlencoded and multipart
 * into nested objects by {@link FormArgs}' key rules, to be coerced by schema afterwards; any other
 * content type is 415; two Content-Type headers are 400.
 */
public final class BodyParser {
  /** Kong refuses more than this many query or form arguments. */
  static final int MAX_ARGS = 1000;

  private BodyParser() {}

  public static AdminRequest.Decoded decode(AdminRequest req) {
    if (req.contentTypes().size() > 1) {
      throw new HttpError(400, "Multiple Content-Type headers not allowed");
    }
    String ct = req.contentTypes().isEmpty() ? "" : req.contentTypes().get(0).toLowerCase(Locale.ROOT);
    String mime = ct.contains(";") ? ct.substring(0, ct.indexOf(';')).trim() : ct.trim();
    byte[] body = req.body();
    if (body.length == 0 && (mime.isEmpty() || !mime.equals("application/json"))) {
      return new AdminRequest.Decoded(Json.object(), mime.startsWith("application/x-www-form-urlencoded") || mime.startsWith("multipart/"));
    }
    switch (mime) {
      case "application/json" -> {
        JsonNode node;
        try {
          node = body.length == 0 ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
          throw new HttpError(400, "Cannot parse JSON body");
        }
        if (!(node instanceof ObjectNode o) || !validUnicode(o)) {
          throw new HttpError(400, "Cannot parse JSON body");
        }
        return new AdminRequest.Decoded(o, false);
      }
      case "application/x-www-form-urlencoded" -> {
        String text = new String(body, StandardCharsets.UTF_8);
        return new AdminRequest.Decoded(FormArgs.nest(urlEncodedPairs(text)), true);
      }
      case "multipart/form-data" -> {
        return new AdminRequest.Decoded(FormArgs.nest(multipartPairs(req.contentTypes().get(0), body)), true);
      }
      default -> throw new HttpError(415, "Unsupported Media Type");
    }
  }

  /**
   * Whether every string and key in {@code node} is well-formed UTF-16. Jackson turns a lone
   * {@code \\ud800} escape into an unpaired surrogate; Kong's JSON decoder (lua-cjson) rejects it, so
   * the body is "Cannot parse JSON body" rather than a name no UTF-8 store can hold. Linear in size.
   */
  public static boolean validUnicode(JsonNode node) {
    java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
    todo.push(node);
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      if (n.isTextual()) {
        if (!wellFormed(n.textValue())) {
          return false;
        }
      } else if (n.isObject()) {
        for (var e : n.properties()) {
          if (!wellFormed(e.getKey())) {
            return false;
          }
          todo.push(e.getValue());
        }
      } else if (n.isArray()) {
        n.forEach(todo::push);
      }
    }
    return true;
  }

  /** No high surrogate without its low one, no low one alone. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Query strings and urlencoded bodies: pairs in order (a bare key means {@code true}, as Kong's form
   * coercion reads it); a malformed percent-escape is a 400.
   */
  public static List<Map.Entry<String, String>> urlEncodedPairs(String text) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    FormCodec.forEachPair(text, (start, end, valueStart) -> {
      String k = decodeComponent(text, start, valueStart < 0 ? end : valueStart - 1);
      String v = valueStart < 0 ? "true" : decodeComponent(text, valueStart, end);
      pairs.add(new SimpleEntry<>(k, v));
      if (pairs.size() > MAX_ARGS) {
        throw new HttpError(400, "Too many arguments");
      }
    });
    return pairs;
  }

  private static String decodeComponent(String text, int from, int to) {
    try {
      return FormCodec.decode(text, from, to, FormCodec.Malformed.REJECT);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "Cannot parse form body");
    }
  }

  private static List<Map.Entry<String, String>> multipartPairs(String contentType, byte[] body) {
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpPostRequestDecoder decoder = null;
    try {
      decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
      List<Map.Entry<String, String>> pairs = new ArrayList<>();
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        if (data instanceof Attribute a) {
          pairs.add(new SimpleEntry<>(a.getName(), a.getValue()));
        } else if (data instanceof io.netty.handler.codec.http.multipart.FileUpload f) {
          pairs.add(new SimpleEntry<>(f.getName(), f.getString(StandardCharsets.UTF_8)));
        }
        if (pairs.size() > MAX_ARGS) {
          throw new HttpError(400, "Too many arguments");
        }
      }
      return pairs;
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IOException | IllegalArgumentException e) {
      throw new HttpError(400, "Cannot parse multipart body");
    } finally {
      if (decoder != null) {
        decoder.destroy();
      }
      request.release();
    }
  }
}
