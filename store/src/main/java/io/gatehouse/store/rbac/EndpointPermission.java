package io.gatehouse.store.rbac;

import org.jspecify.annotations.Nullable;

/**
 * A role's rule for Admin API paths.
 *
 * @param workspace a workspace name, or {@code *} for all
 * @param endpoint a path such as {@code /services} or {@code /services/*}, or {@code *} for all
 * @param actions {@link Action} bits
 * @param negative whether the rule denies the actions instead of allowing them
 */
public record EndpointPermission(String roleId, String workspace, String endpoint, int actions, boolean negative,
    @Nullable String comment, long createdAt, long updatedAt) {}
