package io.gatehouse.store.rbac;

import org.jspecify.annotations.Nullable;

/**
 * A role's rule for one entity (by id) or, with {@code entityId} {@code *}, for every entity.
 *
 * @param entityType the entity's table ({@code services} …), or {@code wildcard} for {@code *}
 * @param actions {@link Action} bits
 */
public record EntityPermission(String roleId, String entityId, String entityType, int actions, boolean negative,
    @Nullable String comment, long createdAt, long updatedAt) {}
