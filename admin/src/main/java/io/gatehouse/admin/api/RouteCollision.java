package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.entity.EntityWorkspace;
import io.gatehouse.admin.http.HttpError;
import io.gatehouse.core.model.Route;
import io.gatehouse.proxy.router.RequestAttributes;
import io.gatehouse.proxy.router.RouteMatch;
import io.gatehouse.proxy.router.Router;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.Page;
import io.gatehouse.store.PageQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Kong Enterprise's cross-workspace route collision check (its default {@code smart} route
 * validation strategy): a route written in one workspace must not take requests that a route of
 * another workspace already gets. Every combination of the new route's methods (all six when it has
 * none), paths ({@code /} when none) and hosts is tried against a router of the other stored
 * routes; the route the router picks collides when it lives in another workspace and
 * <ul>
 *   <li>has no hosts, or</li>
 *   <li>has a wildcard host and the new route names the same wildcard, or</li>
 *   <li>has plain hosts and the new route has a host too.</li>
 * </ul>
 * Then the write is refused: 409 {@code {"message":"API route collides with an existing API"}}.
 */
final class RouteCollision {
  private static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  private RouteCollision() {}

  /** Throws Kong's 409 when {@code candidate} (a complete route about to be stored in {@code wsId}) collides. */
  static void check(ConfigStore root, String wsId, ObjectNode candidate) {
    if (root.workspacesOf("routes").stream().allMatch(wsId::equals)) {
      return; // the usual case, one workspace: nothing to read
    }
    if (candidate.hasNonNull("expression")) {
      return; // an expression route's requests cannot be enumerated as probes: not checked (docs/routing.md)
    }
    String id = candidate.path("id").asText();
    List<Route> others = new ArrayList<>();
    boolean otherWorkspace = false;
    for (ObjectNode r : all(root)) {
      if (!r.path("id").asText().equals(id)) {
        others.add(Route.from(r));
        otherWorkspace |= !EntityWorkspace.of(r).equals(wsId);
      }
    }
    if (!otherWorkspace) {
      return; // nothing to collide with: every route is in this workspace
    }
    Router router = Router.compile(others, Set.of());
    Route route = Route.from(candidate);
    List<String> methods = route.methods().isEmpty() ? ALL_METHODS : route.methods();
    List<String> paths = route.paths().isEmpty() ? List.of("/") : route.paths();
    List<String> hosts = route.hosts().isEmpty() ? List.of("") : route.hosts();
    for (String method : methods) {
      for (String path : paths) {
        for (String host : hosts) {
          RouteMatch m = router.match(new Probe(method, host, path, route.headers()));
          if (m != null && collides(m.route(), wsId, host)) {
            throw new HttpError(409, "API route collides with an existing API");
          }
        }
      }
    }
  }

  private static boolean collides(Route selected, String wsId, String host) {
    if (selected.wsId().equals(wsId)) {
      return false;
    }
    if (selected.hosts().isEmpty()) {
      return true;
    }
    if (selected.hosts().stream().anyMatch(h -> h.contains("*"))) {
      return host.contains("*") && selected.hosts().contains(host);
    }
    return !host.isEmpty();
  }

  private static List<ObjectNode> all(ConfigStore root) {
    List<ObjectNode> rows = new ArrayList<>();
    PageQuery q = PageQuery.first(1000);
    while (true) {
      Page page = root.list("routes", q);
      rows.addAll(page.data());
      if (page.offset() == null) {
        return rows;
      }
      q = q.withOffset(page.offset());
    }
  }

  /** A request made of one combination of the new route's fields. */
  private record Probe(String method, String hostAndPort, String path, Map<String, List<String>> headers)
      implements RequestAttributes {
    @Override
    public String host() {
      int colon = hostAndPort.lastIndexOf(':');
      return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    @Override
    public int port() {
      int colon = hostAndPort.lastIndexOf(':');
      try {
        return colon < 0 ? 80 : Integer.parseInt(hostAndPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        return 80;
      }
    }

    @Override
    public List<String> headerValues(String name) {
      return headers.getOrDefault(name, List.of());
    }

    @Override
    public @Nullable String sni() {
      return null;
    }
  }
}
