package io.gatehouse.plugins.requesttransformer;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A request-transformer config with its templates compiled: per target (headers, querystring,
 * body) the five operations in Kong's order.
 */
public record Rules(@Nullable String httpMethod, @Nullable Template uri, Target headers, Target querystring,
    Target body, boolean readsHeaders) {

  public Rules(@Nullable String httpMethod, @Nullable Template uri, Target headers, Target querystring, Target body) {
    this(httpMethod, uri, headers, querystring, body, reads(uri, "headers") || headers.reads("headers")
        || querystring.reads("headers") || body.reads("headers"));
  }

  private static boolean reads(@Nullable Template t, String table) {
    return t != null && t.reads(table);
  }

  /** remove → rename → replace → add → append for one part of the request. */
  record Target(List<String> remove, List<Pair> rename, List<Pair> replace, List<Pair> add, List<Pair> append) {
    /** Whether a template of these rules reads {@code table}. */
    boolean reads(String table) {
      for (List<Pair> l : List.of(rename, replace, add, append)) {
        for (Pair p : l) {
          if (p.value().reads(table)) {
            return true;
          }
        }
      }
      return false;
    }

    boolean isEmpty() {
      return remove.isEmpty() && rename.isEmpty() && replace.isEmpty() && add.isEmpty() && append.isEmpty();
    }
  }

  static Rules compile(RequestTransformerPlugin.Raw raw) {
    RequestTransformerPlugin.Ops replace = raw.replace();
    String uri = replace == null ? null : replace.uri();
    return new Rules(raw.httpMethod() == null ? null : raw.httpMethod().toUpperCase(Locale.ROOT),
        uri == null ? null : Template.compile(uri),
        target(raw, Part.HEADERS), target(raw, Part.QUERYSTRING), target(raw, Part.BODY));
  }

  private enum Part { HEADERS, QUERYSTRING, BODY }

  private static Target target(RequestTransformerPlugin.Raw raw, Part part) {
    boolean valueRequired = part != Part.HEADERS;
    return new Target(list(raw.remove(), part),
        pairs(raw.rename(), part, false), pairs(raw.replace(), part, valueRequired),
        pairs(raw.add(), part, valueRequired), pairs(raw.append(), part, valueRequired));
  }

  private static List<String> list(RequestTransformerPlugin.@Nullable Ops ops, Part part) {
    if (ops == null) {
      return List.of();
    }
    List<String> l = switch (part) {
      case HEADERS -> ops.headers();
      case QUERYSTRING -> ops.querystring();
      case BODY -> ops.body();
    };
    return l == null ? List.of() : List.copyOf(l);
  }

  private static List<Pair> pairs(RequestTransformerPlugin.@Nullable Ops ops, Part part, boolean valueRequired) {
    return list(ops, part).stream().map(e -> Pair.parse(e, valueRequired)).toList();
  }
}
