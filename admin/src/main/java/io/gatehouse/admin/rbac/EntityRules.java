package io.gatehouse.admin.rbac;

import io.gatehouse.store.rbac.Action;
import io.gatehouse.store.rbac.EntityPermission;
import java.util.List;

/**
 * Decides an entity permission question: rules for the entity's own id before the wildcard
 * ({@code *}); the first of the two with a rule naming the action decides, a negative rule
 * winning over a positive one. No rule: denied.
 */
final class EntityRules {
  static final String WILDCARD = "*";

  private EntityRules() {}

  static boolean allows(List<EntityPermission> rules, String entityId, Action action) {
    for (String id : List.of(entityId, WILDCARD)) {
      boolean positive = false;
      boolean negative = false;
      for (EntityPermission p : rules) {
        if (p.entityId().equals(id) && (p.actions() & action.bit()) != 0) {
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
    return false;
  }
}
