package io.gatehouse.admin.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EndpointPermission;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacUser;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** RBAC rows as Kong Enterprise's Admin API shows them. */
final class RbacJson {
  private RbacJson() {}

  /** A user; {@code plainToken} is shown only in the answer that set it (never stored, never shown again). */
  static ObjectNode user(RbacUser u, @Nullable String plainToken) {
    ObjectNode o = Json.object()
        .put("id", u.id())
        .put("name", u.name())
        .put("comment", u.comment())
        .put("enabled", u.enabled())
        .put("user_token_ident", u.tokenIdent())
        .put("created_at", u.createdAt())
        .put("updated_at", u.updatedAt());
    if (plainToken != null) {
      o.put("user_token", plainToken);
    }
    return o;
  }

  static ObjectNode role(RbacRole r) {
    return Json.object()
        .put("id", r.id())
        .put("name", r.name())
        .put("comment", r.comment())
        .put("is_default", r.isDefault())
        .put("created_at", r.createdAt())
        .put("updated_at", r.updatedAt());
  }

  static ObjectNode endpoint(EndpointPermission p) {
    ObjectNode o = Json.object();
    o.set("role", Json.object().put("id", p.roleId()));
    o.put("workspace", p.workspace()).put("endpoint", p.endpoint());
    o.set("actions", actions(p.actions()));
    return o.put("negative", p.negative()).put("comment", p.comment())
        .put("created_at", p.createdAt()).put("updated_at", p.updatedAt());
  }

  static ObjectNode entity(EntityPermission p) {
    ObjectNode o = Json.object();
    o.set("role", Json.object().put("id", p.roleId()));
    o.put("entity_id", p.entityId()).put("entity_type", p.entityType());
    o.set("actions", actions(p.actions()));
    return o.put("negative", p.negative()).put("comment", p.comment())
        .put("created_at", p.createdAt()).put("updated_at", p.updatedAt());
  }

  /** Kong's listing shape, all on one page: {@code {"data": […], "next": null}}. */
  static <T> ObjectNode page(List<T> rows, Function<T, ObjectNode> render) {
    ArrayNode data = Json.array();
    rows.forEach(r -> data.add(render.apply(r)));
    ObjectNode o = Json.object();
    o.set("data", data);
    return o.putNull("next");
  }

  private static ArrayNode actions(int bits) {
    ArrayNode a = Json.array();
    Action.names(bits).forEach(a::add);
    return a;
  }
}
