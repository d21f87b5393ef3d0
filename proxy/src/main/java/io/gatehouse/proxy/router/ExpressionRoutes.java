package io.gatehouse.proxy.router;

import io.gatehouse.core.expr.ExpressionSchema;
import io.gatehouse.core.model.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The routes with an {@code expression} (Kong's expressions flavor), tried in Kong's order before
 * any traditional route: Kong gives every expression route the priority bits 0xFF << 56 above the
 * traditional ones (kong/router/transform.lua), then atc-router walks its matchers by
 * (priority, route id) descending.
 */
final class ExpressionRoutes {
  private static final ExpressionRoutes NONE = new ExpressionRoutes(List.of());

  /** One route: its expression and the schemes it admits (null: any). */
  private record Entry(Route route, CompiledExpression expression, @Nullable Set<String> schemes) {}

  private final List<Entry> entries;

  private ExpressionRoutes(List<Entry> entries) {
    this.entries = entries;
  }

  static ExpressionRoutes none() {
    return NONE;
  }

  /** Compiles the routes that have an expression; the rest are left to the traditional router. */
  static ExpressionRoutes compile(List<Route> routes) {
    List<Entry> out = new ArrayList<>();
    for (Route r : routes) {
      if (r.expression() == null) continue;
      try {
        CompiledExpression e = CompiledExpression.of(ExpressionSchema.forProtocols(r.protocols()).compile(r.expression()));
        out.add(new Entry(r, e, schemes(r.protocols())));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("route " + r.id() + (r.name() == null ? "" : " (" + r.name() + ")")
            + " cannot be compiled: " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) return NONE;
    out.sort(Comparator.comparingLong((Entry e) -> e.route.priority())
        .thenComparing(e -> e.route.id()).reversed());
    return new ExpressionRoutes(List.copyOf(out));
  }

  /**
   * Kong's kong/router/expressions.lua adds {@code net.protocol == …} for the route's protocols
   * (grpc counts as http, grpcs as https), except for a route of https alone, which must still
   * match plain http to answer with its https_redirect_status_code.
   */
  private static @Nullable Set<String> schemes(List<String> protocols) {
    if (protocols.isEmpty() || (protocols.size() == 1 && protocols.getFirst().equals("https"))) return null;
    Set<String> out = new java.util.HashSet<>();
    for (String p : protocols) {
      out.add(switch (p) {
        case "grpc" -> "http";
        case "grpcs" -> "https";
        default -> p;
      });
    }
    return out;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }

  @Nullable RouteMatch match(RequestAttributes req) {
    if (entries.isEmpty()) return null;
    ExpressionRequest r = new ExpressionRequest(req);
    for (Entry e : entries) {
      if (e.schemes != null && !e.schemes.contains(r.protocol())) continue;
      r.resetCaptures();
      if (e.expression.matches(r)) return result(e.route, r);
    }
    return null;
  }

  private static RouteMatch result(Route route, ExpressionRequest r) {
    String path = r.req.path();
    String matched = r.matchedPath;
    // strip_path removes what the http.path predicate matched when it is a prefix of the path
    String prefix = matched != null && path.startsWith(matched) ? matched : "/";
    com.google.re2j.Matcher m = r.pathRegex;
    if (m == null) return new RouteMatch(route, prefix, List.of(), Map.of());
    List<String> captures = new ArrayList<>(m.groupCount() + 1);
    for (int i = 0; i <= m.groupCount(); i++) {
      String g = m.group(i);
      captures.add(g == null ? "" : g);
    }
    Map<String, String> named = new LinkedHashMap<>();
    m.pattern().namedGroups().forEach((name, idx) -> {
      String g = m.group(idx);
      if (g != null) named.put(name, g);
    });
    return new RouteMatch(route, prefix, List.copyOf(captures), Map.copyOf(named));
  }
}
