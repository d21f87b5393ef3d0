package io.gatehouse.admin.rbac;

import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code /rbac/roles} (and {@code /{workspace}/rbac/roles}): a workspace's roles by id or name; deleting one takes its permissions and assignments with it. */
final class RbacRolesApi {
  private static final Set<String> ROLE_FIELDS = Set.of("name", "comment");

  private final RbacStore store;
  private final Clock clock;

  RbacRolesApi(RbacStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.add("/rbac/roles", "GET", (req, p) -> AdminResponse.json(200,
            RbacJson.page(store.roles().list(WorkspaceRef.of(p).id()), RbacJson::role)))
        .add("/rbac/roles", "POST", (req, p) -> create(req, WorkspaceRef.of(p)))
        .add("/rbac/roles/{rbac_roles}", "GET", (req, p) -> find(p)
            .map(r -> AdminResponse.json(200, RbacJson.role(r))).orElse(AdminResponse.notFound()))
        .add("/rbac/roles/{rbac_roles}", "PATCH", (req, p) -> find(p)
            .map(r -> update(r, req)).orElse(AdminResponse.notFound()))
        .add("/rbac/roles/{rbac_roles}", "DELETE", (req, p) -> {
          find(p).ifPresent(r -> store.roles().delete(r.id()));
          return AdminResponse.empty(204);
        });
  }

  private Optional<RbacRole> find(java.util.Map<String, String> p) {
    return store.roles().find(WorkspaceRef.of(p).id(), p.get("rbac_roles"));
  }

  private AdminResponse create(AdminRequest req, WorkspaceRef ws) {
    RbacInput in = RbacInput.of(req, ROLE_FIELDS);
    long now = clock.millis() / 1000;
    RbacRole r = store.roles().insert(new RbacRole(UUID.randomUUID().toString(), ws.id(),
        in.required("name"), in.text("comment"), false, now, now));
    return AdminResponse.json(201, RbacJson.role(r));
  }

  private AdminResponse update(RbacRole r, AdminRequest req) {
    RbacInput in = RbacInput.of(req, ROLE_FIELDS);
    RbacRole changed = new RbacRole(r.id(), r.wsId(), in.has("name") ? in.required("name") : r.name(),
        in.has("comment") ? in.text("comment") : r.comment(), r.isDefault(), r.createdAt(), clock.millis() / 1000);
    return AdminResponse.json(200, RbacJson.role(store.roles().replace(changed)));
  }
}
