package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.audit.AuditRecord;

/**
 * An audit record in Kong Enterprise's audit request shape, as {@code GET /audit/requests} lists
 * it and the audit log sinks receive it, plus Gatehouse's {@code before_digest}/{@code after_digest}.
 */
final class AuditRecordJson {
  private AuditRecordJson() {}

  /**
   * @param now epoch seconds, for {@code ttl} (the seconds the record has left)
   */
  static ObjectNode of(AuditRecord r, long now) {
    return Json.object()
        .put("request_id", r.requestId())
        .put("request_timestamp", r.requestTimestamp())
        .put("client_ip", r.clientIp())
        .put("method", r.method())
        .put("path", r.path())
        .put("status", r.status())
        .put("rbac_user_id", r.rbacUserId())
        .put("rbac_user_name", r.rbacUserName())
        .put("workspace", r.wsId())
        .put("ttl", Math.max(0, r.expire() - now))
        .putNull("payload")
        .putNull("removed_from_payload")
        .putNull("request_source")
        .put("signature", r.signature())
        .put("before_digest", r.beforeDigest())
        .put("after_digest", r.afterDigest());
  }
}
