package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EndpointPermission;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.Workspaces;
import java.util.List;

/**
 * Kong Enterprise's permission maps: {@code GET /rbac/users/{u}/permissions} (all the user's roles
 * together) and {@code GET /rbac/roles/{r}/permissions}, as
 * {@code {"endpoints": {workspace: {endpoint: {"actions": […], "negative": …}}}, "entities": {id: {…}}}}.
 * Where several rules share a key, their actions are merged, and a negative one marks the entry negative.
 */
final class RbacPermissionMapApi {
  private final RbacStore store;

  RbacPermissionMapApi(RbacStore store) {
    this.store = store;
  }

  void register(RouteTable routes) {
    routes.add("/rbac/users/{rbac_users}/permissions", "GET", (req, p) ->
            store.users().find(Workspaces.DEFAULT_ID, p.get("rbac_users"))
                .map(u -> AdminResponse.json(200, map(store.users().roles(u.id()).stream().map(RbacRole::id).toList())))
                .orElse(AdminResponse.notFound()))
        .add("/rbac/roles/{rbac_roles}/permissions", "GET", (req, p) ->
            store.roles().find(Workspaces.DEFAULT_ID, p.get("rbac_roles"))
                .map(r -> AdminResponse.json(200, map(List.of(r.id()))))
                .orElse(AdminResponse.notFound()));
  }

  ObjectNode map(List<String> roleIds) {
    ObjectNode endpoints = Json.object();
    for (EndpointPermission p : store.permissions().endpoints(roleIds)) {
      ObjectNode ws = endpoints.has(p.workspace()) ? (ObjectNode) endpoints.get(p.workspace()) : endpoints.putObject(p.workspace());
      merge(ws, p.endpoint(), p.actions(), p.negative());
    }
    ObjectNode entities = Json.object();
    for (EntityPermission p : store.permissions().entities(roleIds)) {
      merge(entities, p.entityId(), p.actions(), p.negative());
    }
    ObjectNode out = Json.object();
    out.set("endpoints", endpoints);
    out.set("entities", entities);
    return out;
  }

  private static void merge(ObjectNode into, String key, int actions, boolean negative) {
    ObjectNode entry = into.has(key) ? (ObjectNode) into.get(key) : into.putObject(key);
    int bits = actions;
    for (var a : entry.path("actions")) {
      Action known = Action.named(a.asText());
      bits |= known == null ? 0 : known.bit();
    }
    ArrayNode names = Json.array();
    Action.names(bits).forEach(names::add);
    entry.set("actions", names);
    entry.put("negative", entry.path("negative").asBoolean(false) || negative);
  }
}
