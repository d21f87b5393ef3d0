package io.gatehouse.store.rbac;

import org.jspecify.annotations.Nullable;

/** A named set of permissions, in a workspace ({@code wsId}). */
public record RbacRole(String id, String wsId, String name, @Nullable String comment, boolean isDefault,
    long createdAt, long updatedAt) {}
