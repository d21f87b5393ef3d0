package io.gatehouse.admin.api;

import io.gatehouse.admin.LogLevelControl;
import io.gatehouse.admin.NodeInfo;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints operators' scripts call (Kong 3.9 api/routes/{cache,debug,kong}.lua): the cache
 * probe and purge, the dynamic log level, {@code /timers}, {@code /status/dns}, in Kong's shapes.
 * Gatehouse keeps no entity cache (a request reads the compiled snapshot), so a cache probe always
 * misses and a purge has nothing to drop.
 */
public final class OpsApi {
  static final List<String> KONG_LEVELS = List.of("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg");
  private static final long DEFAULT_TIMEOUT_SECONDS = 60; // Kong's DYN_LOG_LEVEL_DEFAULT_TIMEOUT

  private final NodeInfo node;
  private final @Nullable LogLevelControl logLevels;

  public OpsApi(NodeInfo node, @Nullable LogLevelControl logLevels) {
    this.node = node;
    this.logLevels = logLevels;
  }

  public void register(RouteTable routes) {
    routes.add("/cache", "DELETE", (req, p) -> AdminResponse.empty(204))
        .add("/cache/{key}", "GET", (req, p) -> AdminResponse.message(404, "Not found"))
        .add("/cache/{key}", "DELETE", (req, p) -> AdminResponse.empty(204))
        .add("/debug/node/log-level", "GET", (req, p) -> currentLevel())
        .add("/debug/node/log-level/{log_level}", "PUT", (req, p) -> setLevel(req, p.get("log_level"), false))
        .add("/debug/cluster/log-level/{log_level}", "PUT", (req, p) -> setLevel(req, p.get("log_level"), true))
        .add("/timers", "GET", (req, p) -> timers())
        .add("/status/dns", "GET", (req, p) -> dns());
  }

  private AdminResponse currentLevel() {
    String level = logLevels == null ? node.configuration().path("log_level").asText("notice") : logLevels.current();
    return AdminResponse.message(200, "log level: " + level);
  }

  /** Kong's handle_put_log_level, with its checks and messages in its order; {@code cluster}: its broadcast too. */
  private AdminResponse setLevel(AdminRequest req, String level, boolean cluster) {
    if ("off".equals(node.configuration().path("database").asText())) {
      return AdminResponse.message(405, "cannot change log level when not using a database");
    }
    if (logLevels == null) {
      return AdminResponse.message(500, "failed setting log level: this node has no log level control");
    }
    String timeoutText = req.queryParam("timeout");
    long timeout = DEFAULT_TIMEOUT_SECONDS;
    if (timeoutText != null) {
      try {
        timeout = (long) Math.ceil(Double.parseDouble(timeoutText));
      } catch (NumberFormatException e) {
        timeout = DEFAULT_TIMEOUT_SECONDS; // Kong: tonumber() gives nil, so the default applies
      }
    }
    if (!KONG_LEVELS.contains(level)) {
      return AdminResponse.message(400, "unknown log level: " + level);
    }
    if (timeout < 0) {
      return AdminResponse.message(400, "timeout must be greater than or equal to 0");
    }
    if (logLevels.current().equals(level)) {
      return AdminResponse.message(200, "log level is already " + level);
    }
    if (!cluster) {
      logLevels.set(level, timeout);
      return AdminResponse.message(200, "log level changed");
    }
    try {
      logLevels.setInCluster(level, timeout);
    } catch (RuntimeException e) {
      return AdminResponse.message(500, "failed broadcasting to cluster: " + e.getMessage());
    }
    return AdminResponse.message(200, "log level changed");
  }

  /** Kong's {@code /timers} shape; Gatehouse runs no Lua timers, so the counts are zero. */
  private AdminResponse timers() {
    var body = Json.object();
    body.set("worker", Json.object().put("id", 0).put("count", 1));
    var stats = Json.object();
    stats.set("flamegraph", Json.object().put("running", "").put("pending", "").put("elapsed_time", ""));
    stats.set("sys", Json.object().put("total", 0).put("runs", 0).put("running", 0).put("pending", 0).put("waiting", 0));
    stats.set("timers", Json.object());
    body.set("stats", stats);
    return AdminResponse.json(200, body);
  }

  /** Kong answers 501 unless {@code new_dns_client} is on; Gatehouse resolves through the JDK. */
  private AdminResponse dns() {
    if (!node.configuration().path("new_dns_client").asBoolean(false)) {
      return AdminResponse.message(501, "not implemented with the legacy DNS client");
    }
    var body = Json.object();
    body.set("worker", Json.object().put("id", 0).put("count", 1));
    body.set("stats", Json.object());
    return AdminResponse.json(200, body);
  }
}
