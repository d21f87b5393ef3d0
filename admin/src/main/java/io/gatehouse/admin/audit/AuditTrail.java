package io.gatehouse.admin.audit;

import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.store.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The audit log of one Admin API: the filter that records writes and the endpoint that lists them.
 *
 * @see AuditRecorder
 * @see AuditDigests
 * @see AuditApi
 */
public final class AuditTrail {
  /** Kong's {@code audit_log_record_ttl} default: 30 days. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(30);

  private final AuditLog log;
  private final Duration ttl;
  private final Clock clock;
  private final AuditRules rules;
  private final @Nullable AuditSigner signer;
  private final AuditExport export;

  private AuditTrail(AuditLog log, Duration ttl, Clock clock, AuditRules rules, @Nullable AuditSigner signer,
      AuditExport export) {
    this.log = log;
    this.ttl = ttl;
    this.clock = clock;
    this.rules = rules;
    this.signer = signer;
    this.export = export;
  }

  /**
   * @param ttl how long a record is kept ({@code audit_log_record_ttl})
   */
  public static AuditTrail create(AuditLog log, Duration ttl, Clock clock) {
    if (Objects.requireNonNull(ttl, "ttl").isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("audit_log_record_ttl: expected a positive number of seconds, got " + ttl.toSeconds());
    }
    return new AuditTrail(Objects.requireNonNull(log, "log"), ttl, Objects.requireNonNull(clock, "clock"),
        AuditRules.NONE, null, AuditExport.NONE);
  }

  /** The same trail, leaving out the writes these rules ignore. */
  public AuditTrail ignoring(AuditRules rules) {
    return new AuditTrail(log, ttl, clock, Objects.requireNonNull(rules, "rules"), signer, export);
  }

  /** The same trail, signing the records it exports ({@code audit_log_signing_key}). */
  public AuditTrail signedBy(AuditSigner signer) {
    return new AuditTrail(log, ttl, clock, rules, Objects.requireNonNull(signer, "signer"), export);
  }

  /** The same trail, handing every record to {@code export} as well. */
  public AuditTrail exportingTo(AuditExport export) {
    return new AuditTrail(log, ttl, clock, rules, signer, Objects.requireNonNull(export, "export"));
  }

  /** The recording filter: place it outside the authenticating one, so it sees refused writes too. */
  public AdminFilter recorder() {
    return new AuditRecorder(log, ttl, clock, rules, signer, export);
  }

  /** The digesting filter: place it inside the authenticating one, so only allowed writes run handlers. */
  public AdminFilter digests() {
    return new AuditDigests();
  }

  /** Adds {@code GET /audit/requests} and {@code GET /audit/objects}. */
  public void register(RouteTable routes) {
    new AuditApi(log, clock).register(routes);
  }
}
