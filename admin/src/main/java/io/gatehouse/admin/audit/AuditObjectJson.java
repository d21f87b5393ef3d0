package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.audit.AuditObject;

/**
 * A database audit record in Kong Enterprise's {@code /audit/objects} item shape: {@code id},
 * {@code request_id}, {@code dao_name}, {@code entity_key}, {@code operation}, {@code entity} (the
 * row's JSON as a string), who and when, {@code workspace}, {@code signature} and {@code ttl}.
 */
final class AuditObjectJson {
  private AuditObjectJson() {}

  /**
   * @param now epoch seconds, for {@code ttl} (the seconds the record has left)
   */
  static ObjectNode of(AuditObject o, long now) {
    return Json.object()
        .put("id", o.id())
        .put("request_id", o.requestId())
        .put("request_timestamp", o.requestTimestamp())
        .put("dao_name", o.daoName())
        .put("entity_key", o.entityKey())
        .put("operation", o.operation())
        .put("entity", o.entity())
        .put("rbac_user_id", o.rbacUserId())
        .put("rbac_user_name", o.rbacUserName())
        .put("workspace", o.wsId())
        .put("ttl", Math.max(0, o.expire() - now))
        .put("signature", o.signature());
  }
}
