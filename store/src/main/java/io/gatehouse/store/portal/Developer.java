package io.gatehouse.store.portal;

/**
 * A developer account.
 *
 * @param passwordHash an Argon2id PHC string, never the password
 */
public record Developer(String id, String email, String passwordHash, DeveloperStatus status, long createdAt,
    long updatedAt) {}
