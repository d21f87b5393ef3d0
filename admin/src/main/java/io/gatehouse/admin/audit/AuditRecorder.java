package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.audit.AuditRecord;
import io.gatehouse.store.audit.ObjectAudit;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost filter: records every Admin API write (POST, PUT, PATCH, DELETE), allowed or
 * refused, with who made it (when known), the answer's status and the digests {@link AuditDigests}
 * noted (none for a refused write), unless {@link AuditRules} ignore it; each record is also signed
 * and handed to the {@link AuditExport} (the logging plugins tagged for it). While the write runs,
 * the configuration rows it changes are recorded in {@code audit_objects} ({@link ObjectRecorder}),
 * in the write's own store transactions. Each audited answer carries its record's id in
 * {@code X-Kong-Admin-Request-ID}, as Kong Enterprise's. A record that cannot be written is logged;
 * the write itself stands.
 */
final class AuditRecorder implements AdminFilter {
  static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuditLog log;
  private final Duration ttl;
  private final Clock clock;
  private final AuditRules rules;
  private final @Nullable AuditSigner signer;
  private final AuditExport export;

  AuditRecorder(AuditLog log, Duration ttl, Clock clock, AuditRules rules, @Nullable AuditSigner signer,
      AuditExport export) {
    this.log = log;
    this.ttl = ttl;
    this.clock = clock;
    this.rules = rules;
    this.signer = signer;
    this.export = export;
  }

  @Override
  public AdminResponse filter(AdminCall call, Next next) {
    String method = call.request().method();
    if (!WRITES.contains(method) || rules.ignores(method, call.request().path())) {
      return next.proceed();
    }
    String id = requestId();
    long now = clock.millis() / 1000;
    AdminResponse response = ObjectAudit.during(
        new ObjectRecorder(id, call, now, now + ttl.toSeconds(), rules, signer), next::proceed);
    AuditDigests.Digests digests = call.note(AuditDigests.Digests.class);
    AdminCall.Caller who = call.caller();
    AuditRecord record = new AuditRecord(id, io.gatehouse.admin.http.WorkspaceRef.of(call.params()).id(), call.request().clientAddress(), method, call.request().path(),
        response.status(), who == null ? null : who.id(), who == null ? null : who.name(), now,
        digests == null ? null : digests.before(), digests == null ? null : digests.after(), now + ttl.toSeconds());
    ObjectNode json = null;
    if (signer != null) {
      // signed before it is stored, so /audit/requests lists the signature the sinks receive
      json = AuditRecordJson.of(record, now);
      record = record.signed(signer.sign(json));
    }
    try {
      log.append(record);
    } catch (RuntimeException e) {
      LOG.error("cannot record the audit entry of {} {}", method, call.request().path(), e);
    }
    exportRecord(record, json, now);
    return response.withHeader("X-Kong-Admin-Request-ID", id);
  }

  /** Hands the record (signed when a key is set) to the sinks; a failure there is logged, the write stands. */
  private void exportRecord(AuditRecord record, @Nullable ObjectNode signed, long now) {
    try {
      if (!export.active()) {
        return;
      }
      export.export(signed != null ? signed : AuditRecordJson.of(record, now));
    } catch (RuntimeException e) {
      LOG.error("cannot export the audit entry {} of {} {}", record.requestId(), record.method(), record.path(), e);
    }
  }

  /** 32 random hex digits, the length of Kong's request ids. */
  private static String requestId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
