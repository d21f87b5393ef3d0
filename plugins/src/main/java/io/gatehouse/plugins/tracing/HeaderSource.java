package io.gatehouse.plugins.tracing;

import io.gatehouse.sdk.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The incoming request headers as Kong's extractors read them (names case-insensitive). */
public interface HeaderSource {
  /** Every value of the header, in order; empty when absent. */
  List<String> all(String name);

  /** Every header name present. */
  List<String> names();

  /** The value when the header came exactly once (Kong reads a repeated header as a table and ignores it). */
  default @Nullable String single(String name) {
    List<String> v = all(name);
    return v.size() == 1 ? v.getFirst() : null;
  }

  default boolean present(String name) {
    return !all(name).isEmpty();
  }

  static HeaderSource of(Request request) {
    return new HeaderSource() {
      @Override
      public List<String> all(String name) {
        return request.headers(name);
      }

      @Override
      public List<String> names() {
        return request.headerNames();
      }
    };
  }

  /** Headers from a map of name to value (tests, tools). */
  static HeaderSource of(Map<String, String> headers) {
    return new HeaderSource() {
      @Override
      public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        headers.forEach((k, v) -> {
          if (k.equalsIgnoreCase(name)) out.add(v);
        });
        return out;
      }

      @Override
      public List<String> names() {
        return headers.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
      }
    };
  }
}
