package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.LogLevelControl;
import io.gatehouse.admin.NodeInfo;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.plugins.LoadedPlugin;
import io.gatehouse.sdk.CachedEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints operators' scripts call (Kong 3.9 api/routes/{cache,debug,kong}.lua): the cache
 * probe and purge, the dynamic log level, {@code /timers}, {@code /status/dns}, in Kong's shapes.
 * Gatehouse keeps no entity cache (a request reads the compiled snapshot); the cache endpoints reach
 * what plugins keep under Kong's keys ({@link CachedEntries}: ldap-auth's verdicts).
 */
public final class OpsApi {
  static final List<String> KONG_LEVELS = List.of("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg");
  private static final long DEFAULT_TIMEOUT_SECONDS = 60; // Kong's DYN_LOG_LEVEL_DEFAULT_TIMEOUT

  private final NodeInfo node;
  private final @Nullable LogLevelControl logLevels;
  private final List<CachedEntries> caches;

  public OpsApi(NodeInfo node, @Nullable LogLevelControl logLevels) {
    this(node, logLevels, List.of());
  }

  /** @param plugins the node's plugins, whose {@link CachedEntries} the cache endpoints reach */
  public OpsApi(NodeInfo node, @Nullable LogLevelControl logLevels, Iterable<? extends LoadedPlugin<?, ?>> plugins) {
    this.node = node;
    this.logLevels = logLevels;
    List<CachedEntries> found = new ArrayList<>();
    plugins.forEach(p -> {
      if (p.cachedEntries() != CachedEntries.NONE) found.add(p.cachedEntries());
    });
    this.caches = List.copyOf(found);
  }

  public void register(RouteTable routes) {
    routes.add("/cache", "DELETE", (req, p) -> purge())
        .add("/cache/{key}", "GET", (req, p) -> probe(p.get("key")))
        .add("/cache/{key}", "DELETE", (req, p) -> invalidate(p.get("key")))
        .add("/debug/node/log-level", "GET", (req, p) -> currentLevel())
        .add("/debug/node/log-level/{log_level}", "PUT", (req, p) -> setLevel(req, p.get("log_level"), false))
        .add("/debug/cluster/log-level/{log_level}", "PUT", (req, p) -> setLevel(req, p.get("log_level"), true))
        .add("/timers", "GET", (req, p) -> timers())
        .add("/status/dns", "GET", (req, p) -> dns());
  }

  /** Kong's probe: a table is the body, any other value {@code {"message": value}}; 404 when not cached. */
  private AdminResponse probe(String key) {
    for (CachedEntries c : caches) {
      Optional<Object> v = c.probe(key);
      if (v.isPresent()) {
        JsonNode value = Json.MAPPER.valueToTree(v.get());
        if (value.isObject()) {
          return AdminResponse.json(200, value);
        }
        var wrapped = Json.object();
        wrapped.set("message", value);
        return AdminResponse.json(200, wrapped);
      }
    }
    return AdminResponse.message(404, "Not found");
  }

  private AdminResponse invalidate(String key) {
    caches.forEach(c -> c.invalidate(key));
    return AdminResponse.empty(204);
  }

  private AdminResponse purge() {
    caches.forEach(CachedEntries::purge);
    return AdminResponse.empty(204);
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
