package io.gatehouse.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminCall;
import io.gatehouse.admin.http.AdminFilter;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.Handler;
import io.gatehouse.core.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The innermost filter: for a write that reached its handler (so was authenticated and allowed),
 * notes SHA-256 digests of the resource before and after it — read through the same path's GET
 * handler when it has one, else (a POST to a collection) the created resource as answered. No
 * handler runs for a caller the RBAC filter refused.
 */
final class AuditDigests implements AdminFilter {
  /** What the recorder reads back. */
  record Digests(@Nullable String before, @Nullable String after) {}

  @Override
  public AdminResponse filter(AdminCall call, Next next) {
    if (!AuditRecorder.WRITES.contains(call.request().method())) {
      return next.proceed();
    }
    Handler get = call.request().method().equals("POST") ? null : call.handler("GET");
    String before = get == null ? null : current(call, get);
    AdminResponse response = next.proceed();
    String after;
    if (get != null) {
      after = current(call, get);
    } else {
      after = response.status() < 300 && response.body() != null ? digest(response.body()) : null;
    }
    call.note(Digests.class, new Digests(before, after));
    return response;
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
}
