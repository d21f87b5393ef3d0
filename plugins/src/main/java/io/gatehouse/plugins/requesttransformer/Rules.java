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

  static Rules compile(RequestTransformerPlugin.Config raw) {
    String uri = raw.replace() == null ? null : raw.replace().uri();
    return new Rules(raw.httpMethod() == null ? null : raw.httpMethod().toUpperCase(Locale.ROOT),
        uri == null ? null : Template.compile(uri),
        target(raw, Part.HEADERS), target(raw, Part.QUERYSTRING), target(raw, Part.BODY));
  }

  private enum Part { HEADERS, QUERYSTRING, BODY }

  private static Target target(RequestTransformerPlugin.Config raw, Part part) {
    boolean valueRequired = part != Part.HEADERS;
    RequestTransformerPlugin.Remove remove = raw.remove();
    RequestTransformerPlugin.Replace replace = raw.replace();
    return new Target(
        remove == null ? List.of() : list(remove.headers(), remove.querystring(), remove.body(), part),
        pairs(raw.rename(), part, false),
        replace == null ? List.of() : parse(list(replace.headers(), replace.querystring(), replace.body(), part), valueRequired),
        pairs(raw.add(), part, valueRequired), pairs(raw.append(), part, valueRequired));
  }

  /** One part's list (a config bound without defaults may hold nulls). */
  private static List<String> list(@Nullable List<String> headers, @Nullable List<String> querystring,
      @Nullable List<String> body, Part part) {
    List<String> l = switch (part) {
      case HEADERS -> headers;
      case QUERYSTRING -> querystring;
      case BODY -> body;
    };
    return l == null ? List.of() : List.copyOf(l);
  }

  private static List<Pair> pairs(RequestTransformerPlugin.@Nullable Ops ops, Part part, boolean valueRequired) {
    return ops == null ? List.of() : parse(list(ops.headers(), ops.querystring(), ops.body(), part), valueRequired);
  }

  private static List<Pair> parse(List<String> entries, boolean valueRequired) {
    return entries.stream().map(e -> Pair.parse(e, valueRequired)).toList();
  }
}
