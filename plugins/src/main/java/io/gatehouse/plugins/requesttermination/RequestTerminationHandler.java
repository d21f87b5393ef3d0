package io.gatehouse.plugins.requesttermination;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugin.Access;
import io.gatehouse.plugin.AccessContext;
import io.gatehouse.plugin.ClientRequest;
import io.gatehouse.plugin.PluginSnapshot;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** request-termination's access phase: always {@code kong.response.exit}, never the error template. */
final class RequestTerminationHandler implements Access<RequestTerminationConfig> {
  private final Map<String, ObjectNode> routes = new HashMap<>();
  private final Map<String, ObjectNode> services = new HashMap<>();

  RequestTerminationHandler(PluginSnapshot snapshot) {
    snapshot.table("routes").forEach(r -> routes.put(r.get("id").asText(), r));
    snapshot.table("services").forEach(s -> services.put(s.get("id").asText(), s));
  }

  @Override
  public void access(AccessContext ctx, RequestTerminationConfig config) {
    ClientRequest req = ctx.request();
    String trigger = config.trigger();
    if (trigger != null && req.header(trigger) == null && !req.hasQueryArg(trigger)) {
      return; // only requests carrying the trigger are terminated
    }
    int status = config.statusCode();
    if (config.echo()) {
      ctx.exit(status, echo(ctx, config), Map.of());
    } else if (config.body() != null) {
      ctx.exit(status, config.body(), config.contentType() == null ? Map.of() : Map.of("Content-Type", config.contentType()));
    } else {
      String message = config.message() != null ? config.message() : defaultMessage(status);
      ctx.exit(status, message == null ? null : Json.object().put("message", message), Map.of());
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

  private ObjectNode echo(AccessContext ctx, RequestTerminationConfig config) {
    ClientRequest req = ctx.request();
    ObjectNode out = Json.object();
    String message = config.message() != null ? config.message() : defaultMessage(config.statusCode());
    if (message != null) {
      out.put("message", message);
    }
    out.putObject("kong").put("worker_pid", ProcessHandle.current().pid())
        .put("hostname", hostname());
    ObjectNode request = out.putObject("request");
    request.put("scheme", req.scheme()).put("host", req.host()).put("port", req.port())
        .put("method", req.method()).put("path", req.path());
    ObjectNode headers = request.putObject("headers");
    for (String name : req.headerNames()) {
      headers.put(name.toLowerCase(java.util.Locale.ROOT), req.header(name));
    }
    ObjectNode query = request.putObject("query");
    String raw = req.rawQuery();
    if (raw != null) {
      for (String part : raw.split("&")) {
        String name = java.net.URLDecoder.decode(part.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8);
        if (!name.isEmpty() && !query.has(name)) {
          query.put(name, req.queryArgs(name).getFirst());
        }
      }
    }
    request.putNull("body");
    request.putNull("raw_body");
    request.putObject("uri_captures");
    if (ctx.route() != null && routes.containsKey(ctx.route().id())) {
      out.set("matched_route", routes.get(ctx.route().id()));
    }
    if (ctx.service() != null && services.containsKey(ctx.service().id())) {
      out.set("matched_service", services.get(ctx.service().id()));
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
