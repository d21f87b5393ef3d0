package io.gatehouse.admin.audit;

import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.audit.AuditRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost filter: records every Admin API write (POST, PUT, PATCH, DELETE), allowed or
 * refused, with who made it (when known), the answer's status and the digests {@link AuditDigests}
 * noted (none for a refused write). Each audited answer carries its record's id in
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

  AuditRecorder(AuditLog log, Duration ttl, Clock clock) {
    this.log = log;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public AdminResponse filter(AdminCall call, Next next) {
    String method = call.request().method();
    if (!WRITES.contains(method)) {
      return next.proceed();
    }
    AdminResponse response = next.proceed();
    AuditDigests.Digests digests = call.note(AuditDigests.Digests.class);
    String id = requestId();
    long now = clock.millis() / 1000;
    AdminCall.Caller who = call.caller();
    try {
      log.append(new AuditRecord(id, io.gatehouse.admin.http.WorkspaceRef.of(call.params()).id(), call.request().clientAddress(), method, call.request().path(),
          response.status(), who == null ? null : who.id(), who == null ? null : who.name(), now,
          digests == null ? null : digests.before(), digests == null ? null : digests.after(), now + ttl.toSeconds()));
    } catch (RuntimeException e) {
      LOG.error("cannot record the audit entry of {} {}", method, call.request().path(), e);
    }
    return response.withHeader("X-Kong-Admin-Request-ID", id);
  }

  /** 32 random hex digits, the length of Kong's request ids. */
  private static String requestId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
