package io.gatehouse.plugins.keyauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugin.body.BodyType;
import io.gatehouse.plugin.body.FormBody;
import io.gatehouse.plugin.body.MultipartBody;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * key-auth's {@code key_in_body}: a key in a form, JSON or multipart body, and the body without it
 * for {@code hide_credentials}. Unreadable bodies hold no key (Kong swallows body errors).
 */
final class BodyKey {
  private final BodyType type;
  private final @Nullable String contentType;
  private final byte[] body;

  BodyKey(@Nullable String contentType, byte[] body) {
    this.type = BodyType.of(contentType);
    this.contentType = contentType;
    this.body = body;
  }

  /** The values under this name: empty when absent, more than one for an array or a repeated field. */
  List<String> values(String name) {
    try {
      return switch (type) {
        case FORM -> FormBody.parse(text()).getOrDefault(name, List.of());
        case JSON -> json(name);
        case MULTIPART -> {
          MultipartBody m = MultipartBody.parse(contentType, body);
          MultipartBody.Part p = m == null ? null : m.part(name);
          yield p == null ? List.of() : List.of(p.text());
        }
        case OTHER -> List.of();
      };
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private List<String> json(String name) {
    JsonNode root = Json.parse(text());
    JsonNode v = root.isObject() ? root.get(name) : null;
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isArray()) {
      List<String> all = new ArrayList<>();
      v.forEach(e -> all.add(e.asText()));
      return all.size() == 1 ? List.of(all.getFirst(), all.getFirst()) : all; // any array is a duplicate
    }
    return v.isTextual() ? List.of(v.asText()) : List.of();
  }

  /** The body without the field, in the same format. */
  byte[] without(String name) {
    return switch (type) {
      case FORM -> {
        LinkedHashMap<String, List<String>> args = FormBody.parse(text());
        args.remove(name);
        yield FormBody.encode(args).getBytes(StandardCharsets.UTF_8);
      }
      case JSON -> {
        ObjectNode o = (ObjectNode) Json.parse(text());
        o.remove(name);
        yield Json.write(o).getBytes(StandardCharsets.UTF_8);
      }
      case MULTIPART -> {
        MultipartBody m = MultipartBody.parse(contentType, body);
        if (m == null) {
          yield body;
        }
        yield m.withParts(m.parts().stream().filter(p -> !p.name().equals(name)).toList()).encode();
      }
      case OTHER -> body;
    };
  }

  private String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
