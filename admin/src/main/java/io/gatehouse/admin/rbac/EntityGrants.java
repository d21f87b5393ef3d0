package io.gatehouse.admin.rbac;

import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.core.schema.Schema;
import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.RbacUser;
import java.util.Optional;

/**
 * Under entity permissions, an entity someone creates is theirs, as in Kong Enterprise: every
 * action on it is granted to the creator's default role (the role named after the user).
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
    Optional<RbacRole> own = store.users().roles(user.id()).stream()
        .filter(r -> r.isDefault() && r.name().equals(user.name())).findFirst();
    if (table.isEmpty() || own.isEmpty() || store.permissions().findEntity(own.get().id(), id).isPresent()) {
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    store.permissions().insertEntity(new EntityPermission(own.get().id(), id, table.get().name(), Action.ALL, false,
        null, now, now));
  }
}
