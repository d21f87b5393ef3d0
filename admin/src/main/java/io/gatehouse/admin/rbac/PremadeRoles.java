package io.gatehouse.admin.rbac;

import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EndpointPermission;
import io.gatehouse.store.rbac.EntityPermission;
import io.gatehouse.store.rbac.RbacRole;
import io.gatehouse.store.rbac.RbacStore;
import io.gatehouse.store.rbac.Workspaces;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Kong Enterprise's pre-made roles, created when missing: {@code read-only} (read everything),
 * {@code admin} (everything except the RBAC endpoints) and {@code super-admin} (everything), all
 * across workspaces. Each also holds the matching wildcard entity permission, so the roles mean the
 * same under {@code enforce_rbac = entity} or {@code both}. Editing or deleting them later is the
 * operator's choice; they are only re-created when absent.
 */
final class PremadeRoles {
  static final String READ_ONLY = "read-only";
  static final String ADMIN = "admin";
  static final String SUPER_ADMIN = "super-admin";

  private PremadeRoles() {}

  static void ensure(RbacStore store, Clock clock) {
    long now = clock.millis() / 1000;
    create(store, READ_ONLY, "Read access to every endpoint, in every workspace", now,
        List.of(rule("*", Action.READ.bit(), false, now)));
    List<EndpointPermission> admin = new ArrayList<>();
    admin.add(rule("*", Action.ALL, false, now));
    // '*' stands for one path segment, so each depth under /rbac is denied on its own
    String path = "/rbac";
    for (int depth = 0; depth < 5; depth++) {
      path += "/*";
      admin.add(rule(path, Action.ALL, true, now));
    }
    create(store, ADMIN, "Full access to every endpoint in every workspace, except RBAC", now, admin);
    create(store, SUPER_ADMIN, "Full access to every endpoint, in every workspace", now,
        List.of(rule("*", Action.ALL, false, now)));
  }

  private static void create(RbacStore store, String name, String comment, long now, List<EndpointPermission> rules) {
    String id = UUID.randomUUID().toString();
    List<EndpointPermission> own = rules.stream().map(r -> new EndpointPermission(id, r.workspace(), r.endpoint(),
        r.actions(), r.negative(), r.comment(), r.createdAt(), r.updatedAt())).toList();
    int entityActions = rules.getFirst().actions(); // the first rule is the role's catch-all
    List<EntityPermission> entities = List.of(new EntityPermission(id, EntityRules.WILDCARD, "wildcard", entityActions,
        false, null, now, now));
    store.roles().insertIfAbsent(new RbacRole(id, Workspaces.DEFAULT_ID, name, comment, false, now, now), own, entities);
  }

  private static EndpointPermission rule(String endpoint, int actions, boolean negative, long now) {
    return new EndpointPermission("", Workspaces.ANY, endpoint, actions, negative, null, now, now);
  }
}
