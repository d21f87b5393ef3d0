package io.gatehouse.admin.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.store.audit.AuditLog;
import io.gatehouse.store.rbac.Workspaces;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /audit/requests} and {@code GET /audit/objects} (the rows each audited write changed,
 * {@link AuditObjectJson}). {@code /audit/requests}: the audit records, newest first, in Kong Enterprise's item shape
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
    routes.add("/audit/requests", "GET", (req, p) -> list(req, "/audit/requests", log::page,
        r -> AuditRecordJson.of(r, now()), r -> new AuditLog.Cursor(r.requestTimestamp(), r.requestId())));
    routes.add("/audit/objects", "GET", (req, p) -> list(req, "/audit/objects", log::pageObjects,
        o -> AuditObjectJson.of(o, now()), o -> new AuditLog.Cursor(o.requestTimestamp(), o.id())));
  }

  private long now() {
    return clock.millis() / 1000;
  }

  /** One page of records, newest first, with Kong's {@code offset}/{@code next} when more follow. */
  private <T> AdminResponse list(AdminRequest req, String path,
      BiFunction<AuditLog.@Nullable Cursor, Integer, List<T>> page, Function<T, ObjectNode> json,
      Function<T, AuditLog.Cursor> cursorOf) {
    int size = size(req.queryParam("size"));
    List<T> rows = page.apply(cursor(req.queryParam("offset")), size + 1);
    boolean more = rows.size() > size;
    List<T> shown = more ? rows.subList(0, size) : rows;
    ArrayNode data = Json.array();
    shown.forEach(r -> data.add(json.apply(r)));
    ObjectNode body = Json.object();
    body.set("data", data);
    if (more) {
      AuditLog.Cursor last = cursorOf.apply(shown.getLast());
      String offset = Base64.getUrlEncoder().withoutPadding()
          .encodeToString((last.timestamp() + ":" + last.requestId()).getBytes(StandardCharsets.UTF_8));
      body.put("offset", offset).put("next", path + "?size=" + size + "&offset=" + offset);
    } else {
      body.putNull("next");
    }
    return AdminResponse.json(200, body);
  }

  private static int size(@Nullable String raw) {
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

  private static AuditLog.@Nullable Cursor cursor(@Nullable String raw) {
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
