package io.gatehouse.plugins.oauth2;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.RequestBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code retrieve_parameters}: the query arguments, merged with the body's (form, JSON or
 * multipart) for POST, PUT and PATCH; the body wins. A value is a string, or what JSON gave.
 */
final class Params {
  static final List<String> BODY_METHODS = List.of("POST", "PUT", "PATCH");

  private final Map<String, Object> values;

  private Params(Map<String, Object> values) {
    this.values = values;
  }

  static Params of(AccessPhase ctx) {
    Map<String, Object> v = new LinkedHashMap<>(query(ctx.request().rawQuery()));
    RequestBody body = ctx.requestBody();
    if (body != null && BODY_METHODS.contains(ctx.request().method())) {
      switch (body.type()) {
        case FORM -> body.form().forEach((k, list) -> {
          if (!list.isEmpty()) {
            v.put(k, list.getFirst());
          }
        });
        case JSON -> {
          if (body.json() instanceof Map<?, ?> json) {
            json.forEach((k, val) -> v.put(String.valueOf(k), val));
          }
        }
        case MULTIPART -> {
          io.gatehouse.sdk.Multipart form = body.multipartBody();
          if (form != null) {
            form.parts().forEach(part -> v.put(part.name(), part.text()));
          }
        }
        default -> { } // Kong reads no parameters from other bodies
      }
    }
    return new Params(v);
  }

  /** The query's arguments, first value of each (Kong's {@code ngx.decode_args}). */
  static Map<String, Object> query(@Nullable String raw) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      Object v = eq < 0 ? Boolean.TRUE : decode(pair.substring(eq + 1));
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** A string parameter, or null when absent or not a string. */
  @Nullable String text(String name) {
    return values.get(name) instanceof String s ? s : null;
  }

  @Nullable Object raw(String name) {
    return values.get(name);
  }

  /** Present and not blank (Kong's {@code strip(x) ~= ""}). */
  boolean has(String name) {
    String s = text(name);
    return s != null && !s.isBlank();
  }
}
