package io.gatehouse.store.audit;

import org.jspecify.annotations.Nullable;

/**
 * One configuration entity an audited Admin API write changed (Kong Enterprise's
 * {@code /audit/objects} item).
 *
 * @param id this record's own id
 * @param requestId the {@code request_id} of the write's {@link AuditRecord}
 * @param daoName the entity's table ({@code services}, {@code keyauth_credentials} …)
 * @param entityKey the entity's id
 * @param operation {@code create}, {@code update} or {@code delete}
 * @param entity the entity's JSON as stored (for a delete, as it was)
 * @param requestTimestamp epoch seconds
 * @param expire epoch seconds after which the row is swept
 * @param signature Base64 signature of the record ({@code audit_log_signing_key}); null when unsigned
 */
public record AuditObject(String id, String requestId, String wsId, String daoName, String entityKey, String operation,
    String entity, @Nullable String rbacUserId, @Nullable String rbacUserName, long requestTimestamp, long expire,
    @Nullable String signature) {

  /** This record with {@code signature}. */
  public AuditObject signed(String signature) {
    return new AuditObject(id, requestId, wsId, daoName, entityKey, operation, entity, rbacUserId, rbacUserName,
        requestTimestamp, expire, signature);
  }
}
