package io.gatehouse.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.Handler;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.audit.AuditRecord;
import io.gatehouse.store.rbac.Workspaces;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every Admin API write (POST, PUT, PATCH, DELETE), allowed or refused, with who made it,
 * the answer's status and SHA-256 digests of the resource before and after: read through the same
 * path's GET handler when it has one, else (a POST to a collection) the created resource as
 * answered. Each audited answer carries its record's id in {@code X-Kong-Admin-Request-ID}, as Kong
 * Enterprise's. A record that cannot be written is logged; the write itself stands.
 */
final class AuditFilter implements AdminFilter {
  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AuditLog log;
  private final Duration ttl;
  private final Clock clock;

  AuditFilter(AuditLog log, Duration ttl, Clock clock) {
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
    Handler get = method.equals("POST") ? null : call.handler("GET");
    String before = get == null ? null : current(call, get);
    AdminResponse response = next.proceed();
    String after;
    if (get != null) {
      after = current(call, get);
    } else {
      after = response.status() < 300 && response.body() != null ? digest(response.body()) : null;
    }
    String id = requestId();
    long now = clock.millis() / 1000;
    AdminCall.Caller who = call.caller();
    try {
      log.append(new AuditRecord(id, Workspaces.DEFAULT_ID, call.request().clientAddress(), method, call.request().path(),
          response.status(), who == null ? null : who.id(), who == null ? null : who.name(), now, before, after,
          now + ttl.toSeconds()));
    } catch (RuntimeException e) {
      LOG.error("cannot record the audit entry of {} {}", method, call.request().path(), e);
    }
    return response.withHeader("X-Kong-Admin-Request-ID", id);
  }

  /** The digest of what the path's GET answers now, or null when it answers no resource. */
  private static @Nullable String current(AdminCall call, Handler get) {
    try {
      AdminResponse r = get.handle(call.request(), call.params());
      return r.status() == 200 && r.body() != null ? digest(r.body()) : null;
    } catch (RuntimeException e) { // a Kong or HTTP error: there is no resource to digest
      return null;
    }
  }

  /**
   * SHA-256 of the JSON, with a plain {@code user_token} (shown once when an RBAC user is created)
   * left out: an unsalted digest of it would let a reader of the log test guesses offline.
   */
  static String digest(JsonNode body) {
    JsonNode shown = body;
    if (body instanceof ObjectNode o && o.has("user_token")) {
      shown = o.deepCopy().without("user_token");
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(shown)));
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot digest a JSON body", e);
    }
  }

  /** 32 random characters, the length of Kong's request ids. */
  private static String requestId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
