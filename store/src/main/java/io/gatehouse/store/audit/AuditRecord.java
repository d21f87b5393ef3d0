package io.gatehouse.store.audit;

import org.jspecify.annotations.Nullable;

/**
 * One audited Admin API request.
 *
 * @param requestTimestamp epoch seconds
 * @param beforeDigest SHA-256 (hex) of the resource before the write; null when there was none
 * @param afterDigest SHA-256 (hex) of the resource after the write; null when there is none
 * @param expire epoch seconds after which the row is swept
 * @param signature Base64 signature of the record ({@code audit_log_signing_key}); null when unsigned
 */
public record AuditRecord(String requestId, String wsId, String clientIp, String method, String path, int status,
    @Nullable String rbacUserId, @Nullable String rbacUserName, long requestTimestamp,
    @Nullable String beforeDigest, @Nullable String afterDigest, long expire, @Nullable String signature) {

  /** An unsigned record. */
  public AuditRecord(String requestId, String wsId, String clientIp, String method, String path, int status,
      @Nullable String rbacUserId, @Nullable String rbacUserName, long requestTimestamp,
      @Nullable String beforeDigest, @Nullable String afterDigest, long expire) {
    this(requestId, wsId, clientIp, method, path, status, rbacUserId, rbacUserName, requestTimestamp, beforeDigest,
        afterDigest, expire, null);
  }

  /** This record with {@code signature}. */
  public AuditRecord signed(String signature) {
    return new AuditRecord(requestId, wsId, clientIp, method, path, status, rbacUserId, rbacUserName, requestTimestamp,
        beforeDigest, afterDigest, expire, signature);
  }
}
