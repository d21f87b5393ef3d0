package io.gatehouse.admin.audit;

import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.store.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

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

  private AuditTrail(AuditLog log, Duration ttl, Clock clock) {
    this.log = log;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * @param ttl how long a record is kept ({@code audit_log_record_ttl})
   */
  public static AuditTrail create(AuditLog log, Duration ttl, Clock clock) {
    if (Objects.requireNonNull(ttl, "ttl").isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("audit_log_record_ttl: expected a positive number of seconds, got " + ttl.toSeconds());
    }
    return new AuditTrail(Objects.requireNonNull(log, "log"), ttl, Objects.requireNonNull(clock, "clock"));
  }

  /** The recording filter: place it outside the authenticating one, so it sees refused writes too. */
  public AdminFilter recorder() {
    return new AuditRecorder(log, ttl, clock);
  }

  /** The digesting filter: place it inside the authenticating one, so only allowed writes run handlers. */
  public AdminFilter digests() {
    return new AuditDigests();
  }

  /** Adds {@code GET /audit/requests}. */
  public void register(RouteTable routes) {
    new AuditApi(log, clock).register(routes);
  }
}
