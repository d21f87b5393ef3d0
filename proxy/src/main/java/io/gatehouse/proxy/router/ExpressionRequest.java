package io.gatehouse.proxy.router;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request as expression routes read it (Kong's kong/router/fields.lua), with what the
 * {@code http.path} predicates of the matching route captured. Segments and queries are split
 * lazily, once per request.
 */
final class ExpressionRequest {
  final RequestAttributes req;
  private @Nullable List<String> segments;
  private @Nullable Map<String, List<String>> queries;
  /** The path text a matched {@code http.path} predicate consumed (Kong's get_result("http.path")). */
  @Nullable String matchedPath;
  com.google.re2j.@Nullable Matcher pathRegex;

  ExpressionRequest(RequestAttributes req) {
    this.req = req;
  }

  void resetCaptures() {
    matchedPath = null;
    pathRegex = null;
  }

  /** {@code net.protocol}: the request's scheme. */
  String protocol() {
    return req.sni() == null ? "http" : "https";
  }

  /** "/a/b/c" → [a, b, c] (Kong splits after the leading '/'). */
  List<String> segments() {
    if (segments == null) {
      String p = req.path();
      List<String> out = new ArrayList<>();
      int start = p.startsWith("/") ? 1 : 0;
      for (int i = start; ; ) {
        int slash = p.indexOf('/', i);
        if (slash < 0) {
          out.add(p.substring(i));
          break;
        }
        out.add(p.substring(i, slash));
        i = slash + 1;
      }
      segments = out;
    }
    return segments;
  }

  /** {@code http.path.segments.N} (0-based) or {@code .N_M} joined by '/'; null when out of range. */
  @Nullable String segment(int from, int to) {
    List<String> s = segments();
    if (to < 0) return from < s.size() ? s.get(from) : null;
    int last = s.size() - 1;
    if (from >= to || from > last || to > last) return null;
    return String.join("/", s.subList(from, to + 1));
  }

  /** All values of a query argument (URL-decoded; a bare {@code ?flag} has the value ""). */
  List<String> query(String name) {
    if (queries == null) {
      Map<String, List<String>> out = new HashMap<>();
      String q = req.query();
      if (q != null && !q.isEmpty()) {
        for (String pair : q.split("&")) {
          if (pair.isEmpty()) continue;
          int eq = pair.indexOf('=');
          String k = decode(eq < 0 ? pair : pair.substring(0, eq));
          String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
          out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
      }
      queries = out;
    }
    return queries.getOrDefault(name, List.of());
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Nullable InetSocketAddress source() {
    return req.remoteAddress();
  }

  @Nullable InetSocketAddress destination() {
    return req.localAddress();
  }
}
