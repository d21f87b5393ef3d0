package io.gatehouse.plugins.responsetransformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.ResponseHeaders;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Header rules in header_filter; JSON rules on the whole body, collected chunk by chunk. */
final class ResponseTransformer {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseTransformer.class);
  private static final byte[] NOTHING = new byte[0];

  void headerFilter(HeaderPhase ctx, ResponseTransformerPlugin.Config c) {
    ResponseHeaders h = ctx.responseHeaders();
    for (String name : c.remove().headers()) {
      h.remove(name);
    }
    for (String e : c.rename().headers()) {
      String[] p = split(e);
      List<String> values = h.getAll(p[0]);
      if (!values.isEmpty()) {
        h.remove(p[0]);
        values.forEach(v -> h.add(p[1], v));
      }
    }
    for (String e : c.replace().headers()) {
      String[] p = split(e);
      if (h.get(p[0]) != null) {
        h.set(p[0], p[1]);
      }
    }
    for (String e : c.add().headers()) {
      String[] p = split(e);
      if (h.get(p[0]) == null) {
        h.set(p[0], p[1]);
      }
    }
    for (String e : c.append().headers()) {
      String[] p = split(e);
      h.add(p[0], p[1]);
    }
    if (c.hasJsonRules() && isJson(h.get("Content-Type"))) {
      h.remove("Content-Length"); // the body changes size; it goes out chunked
    }
  }

  boolean filtersBody(HeaderPhase ctx, ResponseTransformerPlugin.Config c) {
    return c.hasJsonRules() && isJson(ctx.responseHeaders().get("Content-Type"));
  }

  byte[] bodyFilter(BodyPhase ctx, ResponseTransformerPlugin.Config c, byte[] chunk, boolean last) {
    String key = "response-transformer:" + ctx.pluginId();
    ByteArrayOutputStream buf = (ByteArrayOutputStream) ctx.shared().computeIfAbsent(key, k -> new ByteArrayOutputStream());
    buf.writeBytes(chunk);
    if (!last) {
      return NOTHING;
    }
    ctx.shared().remove(key);
    byte[] body = buf.toByteArray();
    try {
      JsonNode parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
      if (!(parsed instanceof ObjectNode o)) {
        return body;
      }
      transform(o, c);
      return Json.write(o).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      LOG.warn("response-transformer: body is not valid JSON, left unchanged (request {})", ctx.requestId());
      return body;
    }
  }

  static void transform(ObjectNode o, ResponseTransformerPlugin.Config c) {
    for (String name : c.remove().json()) {
      o.remove(name);
    }
    for (String e : c.rename().json()) {
      String[] p = split(e);
      JsonNode v = o.remove(p[0]);
      if (v != null) {
        o.set(p[1], v);
      }
    }
    List<String> entries = c.replace().json();
    for (int i = 0; i < entries.size(); i++) {
      String[] p = split(entries.get(i));
      if (truthy(o.get(p[0]))) {
        o.set(p[0], typed(p[1], c.replace().jsonTypes(), i));
      }
    }
    entries = c.add().json();
    for (int i = 0; i < entries.size(); i++) {
      String[] p = split(entries.get(i));
      if (!truthy(o.get(p[0]))) {
        o.set(p[0], typed(p[1], c.add().jsonTypes(), i));
      }
    }
    entries = c.append().json();
    for (int i = 0; i < entries.size(); i++) {
      String[] p = split(entries.get(i));
      JsonNode v = typed(p[1], c.append().jsonTypes(), i);
      JsonNode cur = o.get(p[0]);
      if (cur instanceof ArrayNode a) {
        a.add(v);
      } else {
        ArrayNode a = o.putArray(p[0]);
        if (cur != null && cur.isTextual()) {
          a.add(cur);
        }
        a.add(v);
      }
    }
  }

  /** Lua truthiness: absent, null and false are false. */
  private static boolean truthy(@Nullable JsonNode v) {
    return v != null && !v.isNull() && !(v.isBoolean() && !v.booleanValue());
  }

  /** The value cast by {@code json_types[i]} (string when missing). */
  private static JsonNode typed(String value, @Nullable List<String> types, int i) {
    String type = types != null && i < types.size() ? types.get(i) : "string";
    return switch (type) {
      case "number" -> {
        try {
          yield JsonNodeFactory.instance.numberNode(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
          yield JsonNodeFactory.instance.nullNode(); // Lua's tonumber gives nil
        }
      }
      case "boolean" -> BooleanNode.valueOf(value.equals("true"));
      default -> JsonNodeFactory.instance.textNode(value);
    };
  }

  /** {@code name:value}, split at the first colon (further leading colons dropped, as Kong does). */
  static String[] split(String entry) {
    int colon = entry.indexOf(':');
    if (colon < 0) {
      return new String[] {entry, ""};
    }
    int at = colon;
    while (at < entry.length() && entry.charAt(at) == ':') {
      at++;
    }
    return new String[] {entry.substring(0, colon), entry.substring(at)};
  }

  /** {@code application/json} or any {@code application/*+json}, parameters ignored, also in a list. */
  static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    for (String t : contentType.split(",")) {
      String media = t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"))) {
        return true;
      }
    }
    return false;
  }
}
