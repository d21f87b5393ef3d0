package io.gatehouse.plugins.requesttermination;

import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Row;
import io.gatehouse.sdk.Snapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** request-termination's access phase: always {@code kong.response.exit}, never the error template. */
final class RequestTerminationHandler {
  private RequestTerminationHandler() {}

  /** One instance's config, with the snapshot's routes and services when it echoes. */
  record Prepared(RequestTerminationConfig config, @Nullable Matched matched) {}

  /** The snapshot's routes and services by id, as echo shows them. */
  record Matched(Map<String, Map<String, @Nullable Object>> routes, Map<String, Map<String, @Nullable Object>> services) {
    static Matched of(Snapshot snapshot) {
      return new Matched(byId(snapshot.rows("routes")), byId(snapshot.rows("services")));
    }

    private static Map<String, Map<String, @Nullable Object>> byId(List<Row> rows) {
      Map<String, Map<String, @Nullable Object>> out = new HashMap<>();
      rows.forEach(r -> out.put(r.id(), r.toMap()));
      return out;
    }
  }

  static void access(AccessPhase ctx, Prepared prepared) {
    RequestTerminationConfig config = prepared.config();
    Request req = ctx.request();
    String trigger = config.trigger();
    if (trigger != null && req.header(trigger) == null && !req.hasQueryArg(trigger)) {
      return; // only requests carrying the trigger are terminated
    }
    int status = config.statusCode();
    if (config.echo()) {
      ctx.exit(status, echo(ctx, prepared), Map.of());
    } else if (config.body() != null) {
      ctx.exit(status, config.body(), config.contentType() == null ? Map.of() : Map.of("Content-Type", config.contentType()));
    } else {
      String message = config.message() != null ? config.message() : defaultMessage(status);
      ctx.exit(status, message == null ? null : Map.of("message", message), Map.of());
    }
  }

  static @Nullable String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 500 -> "An unexpected error occurred";
      case 502 -> "Bad Gateway";
      case 503 -> "Service unavailable";
      default -> null;
    };
  }

  private static Map<String, @Nullable Object> echo(AccessPhase ctx, Prepared prepared) {
    RequestTerminationConfig config = prepared.config();
    Request req = ctx.request();
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    String message = config.message() != null ? config.message() : defaultMessage(config.statusCode());
    if (message != null) {
      out.put("message", message);
    }
    Map<String, Object> kong = new LinkedHashMap<>();
    kong.put("worker_pid", ProcessHandle.current().pid());
    kong.put("hostname", hostname());
    out.put("kong", kong);
    Map<String, @Nullable Object> request = new LinkedHashMap<>();
    request.put("scheme", req.scheme());
    request.put("host", req.host());
    request.put("port", req.port());
    request.put("method", req.method());
    request.put("path", req.path());
    Map<String, @Nullable String> headers = new LinkedHashMap<>();
    for (String name : req.headerNames()) {
      headers.put(name.toLowerCase(java.util.Locale.ROOT), req.header(name));
    }
    request.put("headers", headers);
    Map<String, String> query = new LinkedHashMap<>();
    String raw = req.rawQuery();
    if (raw != null) {
      for (String part : raw.split("&")) {
        String name = java.net.URLDecoder.decode(part.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8);
        if (!name.isEmpty() && !query.containsKey(name)) {
          query.put(name, req.queryArgs(name).getFirst());
        }
      }
    }
    request.put("query", query);
    request.put("body", null);
    request.put("raw_body", null);
    request.put("uri_captures", Map.of());
    out.put("request", request);
    Matched matched = java.util.Objects.requireNonNull(prepared.matched());
    if (ctx.route() != null && matched.routes().containsKey(ctx.route().id())) {
      out.put("matched_route", matched.routes().get(ctx.route().id()));
    }
    if (ctx.service() != null && matched.services().containsKey(ctx.service().id())) {
      out.put("matched_service", matched.services().get(ctx.service().id()));
    }
    return out;
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
