package io.gatehouse.admin.rbac;

import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.RbacUser;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.store.rbac.Workspaces;
import java.util.Optional;
import java.util.UUID;

/**
 * Under entity permissions, an entity someone creates is theirs, as in Kong Enterprise: every
 * action on it is granted to the creator's default role (the role named after the user) of the
 * entity's workspace, created the first time the user creates something in that workspace (entity
 * permissions are per workspace, so the default workspace's role cannot name it).
 */
final class EntityGrants {
  private final RbacStore store;
  private final EntityTargets targets;

  EntityGrants(RbacStore store, EntityTargets targets) {
    this.store = store;
    this.targets = targets;
  }

  void grantToCreator(RbacUser user, AdminCall call, AdminResponse created) {
    if (created.body() == null || !created.body().hasNonNull("id")) {
      return;
    }
    String id = created.body().get("id").asText();
    String[] segments = call.template().split("/");
    Optional<Schema> table = targets.collection(segments[segments.length - 1]);
    String wsId = WorkspaceRef.of(call.params()).id();
    long now = System.currentTimeMillis() / 1000;
    Optional<RbacRole> own = store.users().roles(user.id()).stream()
        .filter(r -> r.isDefault() && r.name().equals(user.name()) && r.wsId().equals(wsId)).findFirst();
    if (own.isEmpty() && !wsId.equals(Workspaces.DEFAULT_ID) && store.roles().find(wsId, user.name()).isEmpty()) {
      RbacRole role = store.roles().insert(new RbacRole(UUID.randomUUID().toString(), wsId, user.name(), null, true, now, now));
      store.users().addRole(user.id(), role.id());
      own = Optional.of(role);
    }
    if (table.isEmpty() || own.isEmpty() || store.permissions().findEntity(own.get().id(), id).isPresent()) {
      return;
    }
    store.permissions().insertEntity(new EntityPermission(own.get().id(), id, table.get().name(), Action.ALL, false,
        null, now, now));
  }
}
