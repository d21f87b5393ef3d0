package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.audit.AuditObject;
import io.gatehouse.store.audit.ObjectAudit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ObjectAudit.Scope} of one audited Admin API write: each configuration row the write's
 * store transactions change becomes an {@link AuditObject} tied to the write's request id, naming
 * the caller the authenticating filter found (it runs inside the recorder, so the caller is read
 * when the row changes), signed like the request records when a key is set, unless its table is in
 * {@code audit_log_ignore_tables}.
 */
final class ObjectRecorder implements ObjectAudit.Scope {
  private final String requestId;
  private final AdminCall call;
  private final long now;
  private final long expire;
  private final AuditRules rules;
  private final @Nullable AuditSigner signer;

  ObjectRecorder(String requestId, AdminCall call, long now, long expire, AuditRules rules, @Nullable AuditSigner signer) {
    this.requestId = requestId;
    this.call = call;
    this.now = now;
    this.expire = expire;
    this.rules = rules;
    this.signer = signer;
  }

  @Override
  public @Nullable AuditObject record(String table, String id, String wsId, ObjectAudit.Operation operation,
      ObjectNode entity) {
    if (rules.ignoresTable(table)) {
      return null;
    }
    AdminCall.Caller who = call.caller();
    AuditObject o = new AuditObject(UUID.randomUUID().toString(), requestId, wsId, table, id, operation.wire(),
        Json.write(entity), who == null ? null : who.id(), who == null ? null : who.name(), now, expire, null);
    return signer == null ? o : o.signed(signer.sign(AuditObjectJson.of(o, now)));
  }
}
