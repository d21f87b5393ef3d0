package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.EndpointPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.RbacUser;
import io.gatehouse.store.rbac.Workspace;
import io.gatehouse.store.rbac.Workspaces;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kong Enterprise's "who am I" ({@code GET /userinfo}) for the caller: its RBAC user, its roles (with
 * the workspace each belongs to), the workspaces it has rights in, and its permissions in the shape
 * of {@code /rbac/users/{u}/permissions}. Any authenticated caller may read its own; Kong's exact
 * shape is not public, so the field names are Gatehouse's (docs/rbac.md).
 */
final class UserInfo {
  private final RbacStore store;
  private final RbacPermissionMapApi maps;

  UserInfo(RbacStore store) {
    this.store = store;
    this.maps = new RbacPermissionMapApi(store);
  }

  ObjectNode of(RbacUser u) {
    List<RbacRole> roles = store.users().roles(u.id());
    List<String> roleIds = roles.stream().map(RbacRole::id).toList();
    List<Workspace> all = store.workspaces().list();
    ArrayNode roleList = Json.array();
    for (RbacRole r : roles) {
      String ws = all.stream().filter(w -> w.id().equals(r.wsId())).map(Workspace::name).findFirst().orElse(Workspaces.DEFAULT_NAME);
      roleList.add(RbacJson.role(r).put("workspace", ws));
    }
    ArrayNode workspaces = Json.array();
    Set<String> granted = granted(store.permissions().endpoints(roleIds), all);
    for (Workspace w : all) {
      if (granted.contains(w.name())) {
        workspaces.add(Json.object().put("id", w.id()).put("name", w.name()));
      }
    }
    ObjectNode out = Json.object();
    out.set("rbac_user", RbacJson.user(u, null));
    out.set("roles", roleList);
    out.set("workspaces", workspaces);
    out.set("permissions", maps.map(roleIds));
    return out;
  }

  /**
   * The workspaces a positive endpoint rule names ({@code *}: every one). A workspace where the user's
   * only rules are negative grants nothing and is left out.
   */
  static Set<String> granted(List<EndpointPermission> rules, List<Workspace> all) {
    Set<String> names = new TreeSet<>();
    for (EndpointPermission p : rules) {
      if (p.negative() || p.actions() == 0) {
        continue;
      }
      if (p.workspace().equals(Workspaces.ANY)) {
        all.forEach(w -> names.add(w.name()));
      } else {
        names.add(p.workspace());
      }
    }
    return names;
  }
}
