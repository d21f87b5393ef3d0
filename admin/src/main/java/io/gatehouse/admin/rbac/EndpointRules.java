package io.gatehouse.admin.rbac;

import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EndpointPermission;
import io.gatehouse.store.rbac.Workspaces;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides an endpoint permission question the way Kong Enterprise does, from the most specific
 * rule to the least: the request's own workspace before {@code *}, and within one workspace an
 * exact endpoint before a pattern ({@code *} standing for one path segment) before the catch-all
 * {@code *}. The first level with a rule that names the action decides; at that level a negative
 * rule wins over a positive one. No rule at any level: denied.
 */
final class EndpointRules {
  private EndpointRules() {}

  private enum Level { EXACT, PATTERN, ALL }

  static boolean allows(List<EndpointPermission> rules, String workspace, String path, Action action) {
    for (String ws : List.of(workspace, Workspaces.ANY)) {
      for (Level level : Level.values()) {
        boolean positive = false;
        boolean negative = false;
        for (EndpointPermission p : rules) {
          if (p.workspace().equals(ws) && (p.actions() & action.bit()) != 0 && level(p.endpoint(), path) == level) {
            negative |= p.negative();
            positive |= !p.negative();
          }
        }
        if (negative) {
          return false;
        }
        if (positive) {
          return true;
        }
      }
    }
    return false;
  }

  /** How {@code endpoint} matches {@code path}, or null when it does not. */
  static @Nullable Level level(String endpoint, String path) {
    if (endpoint.equals("*")) {
      return Level.ALL;
    }
    if (endpoint.equals(path)) {
      return Level.EXACT;
    }
    String[] want = endpoint.split("/", -1);
    String[] have = path.split("/", -1);
    if (want.length != have.length || !endpoint.contains("*")) {
      return null;
    }
    for (int i = 0; i < want.length; i++) {
      if (!want[i].equals("*") && !want[i].equals(have[i])) {
        return null;
      }
      if (want[i].equals("*") && have[i].isEmpty()) {
        return null;
      }
    }
    return Level.PATTERN;
  }
}
