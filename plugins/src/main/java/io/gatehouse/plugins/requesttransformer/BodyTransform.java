package io.gatehouse.plugins.requesttransformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.BodyType;
import io.gatehouse.sdk.Multipart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Body rules for form, JSON and multipart bodies. remove/rename/replace act only on a non-empty
 * body; add/append may create one. Values the plugin inserts into JSON are strings. Multipart has
 * no append (as in Kong).
 */
final class BodyTransform {
  private BodyTransform() {}

  /** The new body, or null to leave it as sent. */
  static byte @Nullable [] apply(BodyType type, @Nullable String contentType, byte[] body, Rules.Target t,
      Template.Env env) {
    return switch (type) {
      case FORM -> form(body, t, env);
      case JSON -> json(body, t, env);
      case MULTIPART -> multipart(contentType, body, t, env);
      case OTHER -> null;
    };
  }

  private static byte[] form(byte[] body, Rules.Target t, Template.Env env) {
    LinkedHashMap<String, List<String>> args = FormCodec.parse(new String(body, StandardCharsets.UTF_8));
    RequestTransformer.Ops.apply(args, t, env);
    return FormCodec.encode(args).getBytes(StandardCharsets.UTF_8);
  }

  private static byte @Nullable [] json(byte[] body, Rules.Target t, Template.Env env) {
    ObjectNode o;
    if (body.length == 0) {
      o = Json.object();
    } else {
      try {
        JsonNode parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
        if (!(parsed instanceof ObjectNode obj)) {
          return null;
        }
        o = obj;
      } catch (RuntimeException e) {
        return null; // invalid JSON with content: left untouched
      }
    }
    for (String name : t.remove()) {
      o.remove(name);
    }
    for (Pair p : t.rename()) {
      JsonNode v = o.remove(p.name());
      if (v != null) {
        o.set(p.value().render(env), v);
      }
    }
    for (Pair p : t.replace()) {
      if (o.has(p.name())) {
        o.put(p.name(), p.value().render(env));
      }
    }
    for (Pair p : t.add()) {
      if (!o.has(p.name())) {
        o.put(p.name(), p.value().render(env));
      }
    }
    for (Pair p : t.append()) {
      JsonNode cur = o.get(p.name());
      String v = p.value().render(env);
      if (cur instanceof ArrayNode a) {
        a.add(v);
      } else {
        ArrayNode a = o.putArray(p.name());
        if (cur != null && cur.isTextual()) {
          a.add(cur.asText());
        }
        a.add(v);
      }
    }
    return Json.write(o).getBytes(StandardCharsets.UTF_8);
  }

  private static byte @Nullable [] multipart(@Nullable String contentType, byte[] body, Rules.Target t,
      Template.Env env) {
    String boundary = Multipart.boundary(contentType);
    if (boundary == null) {
      return null;
    }
    Multipart m;
    try {
      // an empty body has no parts yet: add/append may create some
      m = Multipart.parseWithBoundary(boundary, body.length > 0 ? body
          : ("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      return null; // not well-formed: the body goes as sent
    }
    List<Multipart.Part> parts = new ArrayList<>(m.parts());
    for (String name : t.remove()) {
      parts.removeIf(p -> p.name().equals(name));
    }
    for (Pair r : t.rename()) {
      String to = r.value().render(env);
      parts.replaceAll(p -> p.name().equals(r.name())
          ? new Multipart.Part(to, p.filename(), p.contentType(),
              p.headers().replace("name=\"" + r.name() + "\"", "name=\"" + to + "\""), p.data())
          : p);
    }
    for (Pair r : t.replace()) {
      String v = r.value().render(env);
      parts.replaceAll(p -> p.name().equals(r.name()) ? new Multipart.Part(p.name(), p.filename(),
          p.contentType(), p.headers(), v.getBytes(StandardCharsets.UTF_8)) : p);
    }
    for (Pair a : t.add()) {
      if (parts.stream().noneMatch(p -> p.name().equals(a.name()))) {
        parts.add(Multipart.Part.field(a.name(), a.value().render(env)));
      }
    }
    return m.withParts(parts).encode();
  }
}
