package io.gatehouse.plugins.functioncall;

import io.gatehouse.net.FormCodec;
import io.gatehouse.sdk.Multipart;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.RequestBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request as Kong's PDK shapes it for Lua: {@code kong.request.get_query()} and
 * {@code get_headers()} give one string per name, a list for repeated names, and {@code true} for a
 * query argument without {@code =}; {@code get_body()} decodes JSON, forms and multipart.
 */
public final class KongArgs {
  private KongArgs() {}

  /** {@code kong.request.get_query()}. */
  public static Map<String, Object> query(@Nullable String rawQuery) {
    Map<String, Object> args = new LinkedHashMap<>();
    if (rawQuery == null) return args;
    FormCodec.forEachPair(rawQuery, (start, end, valueStart) -> {
      String name = FormCodec.decode(rawQuery, start, valueStart < 0 ? end : valueStart - 1, FormCodec.Malformed.KEEP);
      Object value = valueStart < 0 ? Boolean.TRUE : FormCodec.decode(rawQuery, valueStart, end, FormCodec.Malformed.KEEP);
      add(args, name, value);
    });
    return args;
  }

  /** {@code kong.request.get_headers()}: lower-case names. */
  public static Map<String, Object> headers(Request request) {
    Map<String, Object> headers = new LinkedHashMap<>();
    for (String name : request.headerNames()) {
      List<String> values = request.headers(name);
      String key = name.toLowerCase(Locale.ROOT);
      headers.put(key, values.size() == 1 ? values.getFirst() : List.copyOf(values));
    }
    return headers;
  }

  /** A body {@code kong.request.get_body()} can decode, or why not. */
  public sealed interface Body {}

  public record Decoded(@Nullable Object args) implements Body {}

  /** Kong's error text contains "content type" for a type it does not decode (or none). */
  public record UnsupportedType() implements Body {}

  public record Invalid() implements Body {}

  /** {@code kong.request.get_body()} by the request's Content-Type. */
  public static Body body(RequestBody body) {
    try {
      return switch (body.type()) {
        case JSON -> new Decoded(body.json());
        case FORM -> new Decoded(flatten(body.form()));
        case MULTIPART -> {
          Multipart multipart = body.multipartBody();
          if (multipart == null) yield new Invalid();
          Map<String, Object> args = new LinkedHashMap<>();
          for (Multipart.Part part : multipart.parts()) {
            add(args, part.name(), part.text());
          }
          yield new Decoded(args);
        }
        default -> new UnsupportedType();
      };
    } catch (IllegalArgumentException e) {
      return new Invalid();
    }
  }

  private static Map<String, Object> flatten(Map<String, List<String>> multi) {
    Map<String, Object> args = new LinkedHashMap<>();
    multi.forEach((name, values) -> args.put(name, values.size() == 1 ? values.getFirst() : List.copyOf(values)));
    return args;
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> args, String name, Object value) {
    Object old = args.get(name);
    if (old == null) {
      args.put(name, value);
    } else if (old instanceof List<?> list) {
      ((List<Object>) list).add(value);
    } else {
      List<Object> list = new ArrayList<>(2);
      list.add(old);
      list.add(value);
      args.put(name, list);
    }
  }
}
