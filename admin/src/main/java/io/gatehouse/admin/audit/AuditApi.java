package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.audit.AuditRecord;
import io.gatehouse.store.rbac.Workspaces;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /audit/requests}: the audit records, newest first, in Kong Enterprise's item shape
 * ({@code request_id}, {@code request_timestamp}, {@code client_ip}, {@code method}, {@code path},
 * {@code status}, {@code rbac_user_id}, {@code rbac_user_name}, {@code workspace}, {@code ttl} …)
 * plus Gatehouse's {@code before_digest}/{@code after_digest}; paged with {@code size} (default 100,
 * at most 1000) and {@code offset} as every Kong listing.
 */
final class AuditApi {
  private static final int DEFAULT_SIZE = 100;
  private static final int MAX_SIZE = 1000;

  private final AuditLog log;
  private final Clock clock;

  AuditApi(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.add("/audit/requests", "GET", (req, p) -> list(req));
  }

  private AdminResponse list(AdminRequest req) {
    int size = size(req.queryParam("size"));
    AuditLog.Cursor from = cursor(req.queryParam("offset"));
    List<AuditRecord> rows = log.page(from, size + 1);
    boolean more = rows.size() > size;
    List<AuditRecord> shown = more ? rows.subList(0, size) : rows;
    long now = clock.millis() / 1000;
    ArrayNode data = Json.array();
    shown.forEach(r -> data.add(AuditRecordJson.of(r, now)));
    ObjectNode body = Json.object();
    body.set("data", data);
    if (more) {
      AuditRecord last = shown.getLast();
      String offset = Base64.getUrlEncoder().withoutPadding()
          .encodeToString((last.requestTimestamp() + ":" + last.requestId()).getBytes(StandardCharsets.UTF_8));
      body.put("offset", offset).put("next", "/audit/requests?size=" + size + "&offset=" + offset);
    } else {
      body.putNull("next");
    }
    return AdminResponse.json(200, body);
  }

  private static int size(@org.jspecify.annotations.Nullable String raw) {
    if (raw == null) {
      return DEFAULT_SIZE;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= MAX_SIZE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw io.gatehouse.core.error.KongException.invalidSize("size must be an integer between 1 and " + MAX_SIZE);
  }

  private static AuditLog.@org.jspecify.annotations.Nullable Cursor cursor(@org.jspecify.annotations.Nullable String raw) {
    if (raw == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return new AuditLog.Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw io.gatehouse.core.error.KongException.invalidOffset(raw, "bad offset string");
    }
  }
}
