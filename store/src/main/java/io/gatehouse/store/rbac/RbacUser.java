package io.gatehouse.store.rbac;

import org.jspecify.annotations.Nullable;

/**
 * An Admin API user.
 *
 * @param wsId the workspace it belongs to
 * @param tokenHash the stored hash of its token (never the token)
 * @param tokenIdent a short digest prefix of the token, to find candidate users by token
 * @param createdAt epoch seconds, as Kong's {@code created_at}
 */
public record RbacUser(String id, String wsId, String name, String tokenHash, String tokenIdent,
    @Nullable String comment, boolean enabled, long createdAt, long updatedAt) {}
