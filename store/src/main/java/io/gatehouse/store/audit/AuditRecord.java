package io.gatehouse.store.audit;

import org.jspecify.annotations.Nullable;

/**
 * One audited Admin API request.
 *
 * @param requestTimestamp epoch seconds
 * @param beforeDigest SHA-256 (hex) of the resource before the write; null when there was none
 * @param afterDigest SHA-256 (hex) of the resource after the write; null when there is none
 * @param expire epoch seconds after which the row is swept
 */
public record AuditRecord(String requestId, String wsId, String clientIp, String method, String path, int status,
    @Nullable String rbacUserId, @Nullable String rbacUserName, long requestTimestamp,
    @Nullable String beforeDigest, @Nullable String afterDigest, long expire) {}
