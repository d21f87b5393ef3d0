package io.gatehouse.plugins.keyauth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.Multipart;
import io.gatehouse.sdk.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * key-auth's {@code key_in_body}: a key in a form, JSON or multipart body, and the body without it
 * for {@code hide_credentials}. Unreadable bodies hold no key (Kong swallows body errors).
 */
final class BodyKey {
  private final RequestBody body;

  BodyKey(RequestBody body) {
    this.body = body;
  }

  /** The values under this name: empty when absent, more than one for an array or a repeated field. */
  List<String> values(String name) {
    try {
      return switch (body.type()) {
        case FORM -> body.form().getOrDefault(name, List.of());
        case JSON -> json(name);
        case MULTIPART -> {
          Multipart m = body.multipartBody();
          Multipart.Part p = m == null ? null : m.part(name);
          yield p == null ? List.of() : List.of(p.text());
        }
        case OTHER -> List.of();
      };
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private List<String> json(String name) {
    Object v = body.json() instanceof Map<?, ?> root ? root.get(name) : null;
    if (v instanceof List<?> list) {
      List<String> all = new ArrayList<>();
      list.forEach(e -> all.add(text(e)));
      return all.size() == 1 ? List.of(all.getFirst(), all.getFirst()) : all; // any array is a duplicate
    }
    return v instanceof String s ? List.of(s) : List.of();
  }

  /** An array element as text, as Jackson's {@code asText} had it: containers and null are empty. */
  private static String text(@Nullable Object e) {
    return e == null || e instanceof Map<?, ?> || e instanceof List<?> ? "" : e.toString();
  }

  /** The body without the field, in the same format. */
  byte[] without(String name) {
    byte[] raw = body.bytes();
    return switch (body.type()) {
      case FORM -> {
        Map<String, List<String>> args = new LinkedHashMap<>(body.form());
        args.remove(name);
        yield FormCodec.encode(args).getBytes(StandardCharsets.UTF_8);
      }
      case JSON -> {
        ObjectNode o = (ObjectNode) Json.parse(new String(raw, StandardCharsets.UTF_8));
        o.remove(name);
        yield Json.write(o).getBytes(StandardCharsets.UTF_8);
      }
      case MULTIPART -> {
        Multipart m;
        try {
          m = body.multipartBody();
        } catch (IllegalArgumentException e) {
          yield raw;
        }
        if (m == null) {
          yield raw;
        }
        yield m.withParts(m.parts().stream().filter(p -> !p.name().equals(name)).toList()).encode();
      }
      case OTHER -> raw;
    };
  }
}
