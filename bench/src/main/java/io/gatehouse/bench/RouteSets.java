package io.gatehouse.bench;

import io.gatehouse.core.model.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Synthetic route tables mixing exact hosts, wildcard hosts, prefixes and regexes. */
final class RouteSets {
  private RouteSets() {}

  static Route route(int i, List<String> hosts, List<String> paths, List<String> methods) {
    String id = String.format("00000000-0000-4000-8000-%012d", i);
    return new Route(id, "r" + i, List.of("http", "https"), methods, hosts, paths, Map.of(), List.of(), 426, 0,
        true, false, true, true, "v0", "svc", 0, List.of());
  }

  /**
   * n routes: 40% prefix-only {@code /api/v<i>/}, 30% host + prefix {@code h<i>.example.test},
   * 20% regex {@code ~/users/<i>/(\d+)}, 10% wildcard host {@code *.w<i>.test} + method.
   */
  static List<Route> mixed(int n) {
    List<Route> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      switch (i % 10) {
        case 0, 1, 2, 3 -> out.add(route(i, List.of(), List.of("/api/v" + i + "/"), List.of()));
        case 4, 5, 6 -> out.add(route(i, List.of("h" + i + ".example.test"), List.of("/"), List.of()));
        case 7, 8 -> out.add(route(i, List.of(), List.of("~/users/" + i + "/(\\d+)"), List.of()));
        default -> out.add(route(i, List.of("*.w" + i + ".test"), List.of("/"), List.of("GET")));
      }
    }
    return out;
  }
}
