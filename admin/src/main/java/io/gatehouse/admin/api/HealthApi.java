package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.admin.http.WorkspaceRef;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.status.UpstreamHealth;
import io.gatehouse.proxy.status.UpstreamHealthView;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.WorkspaceView;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Kong's health endpoints (reference §2.7): {@code GET /upstreams/{u}/health} (with
 * {@code ?balancer_health=1}) rendered from this node's live balancer, and the
 * {@code PUT …/targets/{t}[/{address}]/healthy|unhealthy} overrides, which take effect at once.
 */
public final class HealthApi {
  private final ConfigStore store;
  private final UpstreamHealthView health;
  private final String nodeId;

  public HealthApi(ConfigStore store, UpstreamHealthView health, String nodeId) {
    this.store = store;
    this.health = health;
    this.nodeId = nodeId;
  }

  public void register(RouteTable routes) {
    routes.add("/upstreams/{upstreams}/health", "GET", (req, p) -> health(req, inWorkspace(p), p.get("upstreams")));
    for (String verdict : List.of("healthy", "unhealthy")) {
      boolean healthy = verdict.equals("healthy");
      routes.add("/upstreams/{upstreams}/targets/{targets}/" + verdict, "PUT",
          (req, p) -> override(inWorkspace(p), p.get("upstreams"), p.get("targets"), null, healthy));
      routes.add("/upstreams/{upstreams}/targets/{targets}/{address}/" + verdict, "PUT",
          (req, p) -> override(inWorkspace(p), p.get("upstreams"), p.get("targets"), p.get("address"), healthy));
    }
    // /{workspace}/upstreams/{u}/health…: that workspace's upstream (Kong Enterprise serves them per workspace)
    routes.scopeInWorkspaces(t -> t.startsWith("/upstreams/{upstreams}/") && (t.endsWith("/health")
        || t.endsWith("/healthy") || t.endsWith("/unhealthy")));
  }

  /** The request's workspace of the store: keys are found there, and rows show no {@code ws_id}. */
  private ConfigStore inWorkspace(java.util.Map<String, String> params) {
    return new WorkspaceView(store, WorkspaceRef.of(params).id());
  }

  private static Optional<ObjectNode> upstreamRow(ConfigStore store, String key) {
    if (isUuid(key)) return store.get("upstreams", key);
    return store.findByUnique("upstreams", "name", key);
  }

  private static boolean isUuid(String s) {
    try {
      UUID.fromString(s);
      return s.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private AdminResponse health(AdminRequest req, ConfigStore store, String key) {
    Optional<ObjectNode> row = upstreamRow(store, key);
    if (row.isEmpty()) return AdminResponse.notFound();
    String id = row.get().get("id").asText();
    UpstreamHealth u = health.upstream(id);
    ArrayNode hosts = Json.array();
    if (u != null) {
      for (UpstreamHealth.TargetHealth t : u.targets()) hosts.add(target(store, u, t));
    }
    ObjectNode body = Json.object();
    if ("1".equals(req.queryParam("balancer_health")) || "true".equals(req.queryParam("balancer_health"))) {
      ObjectNode data = body.putObject("data");
      data.put("id", id);
      boolean healthy = u != null && u.healthy();
      data.put("health", u == null || !u.checksEnabled() ? "HEALTHCHECKS_OFF" : healthy ? "HEALTHY" : "UNHEALTHY");
      data.put("balancer_health", healthy ? "HEALTHY" : "UNHEALTHY");
      ObjectNode details = data.putObject("details");
      details.put("healthy", healthy);
      weight(details.putObject("weight"), u == null ? 0 : u.totalWeight(), u == null ? 0 : u.availableWeight());
      details.set("hosts", hosts);
    } else {
      body.set("data", hosts);
    }
    body.putNull("next");
    body.put("node_id", nodeId);
    return AdminResponse.json(200, body);
  }

  private static ObjectNode target(ConfigStore store, UpstreamHealth u, UpstreamHealth.TargetHealth t) {
    ObjectNode out = store.get("targets", t.id()).map(ObjectNode::deepCopy).orElseGet(() -> {
      ObjectNode o = Json.object();
      o.put("id", t.id());
      o.put("target", t.target());
      o.put("weight", t.weight());
      o.set("upstream", Json.object().put("id", u.id()));
      return o;
    });
    ArrayNode addresses = Json.array();
    for (UpstreamHealth.AddressHealth a : t.addresses()) {
      addresses.addObject().put("ip", a.ip()).put("port", a.port()).put("weight", a.weight()).put("health", a.health());
    }
    out.put("health", t.health());
    ObjectNode data = out.putObject("data");
    data.put("host", t.host()).put("port", t.port());
    data.put("dns", t.dns());
    data.put("nodeWeight", t.weight());
    weight(data.putObject("weight"), t.totalWeight(), t.availableWeight());
    data.set("addresses", addresses);
    return out;
  }

  private static void weight(ObjectNode w, long total, long available) {
    w.put("total", total).put("available", available).put("unavailable", total - available);
  }

  private AdminResponse override(ConfigStore store, String upstreamKey, String targetKey, @Nullable String address,
      boolean healthy) {
    Optional<ObjectNode> row = upstreamRow(store, upstreamKey);
    if (row.isEmpty()) return AdminResponse.notFound();
    return switch (health.setHealth(row.get().get("id").asText(), targetKey, address, healthy)) {
      case APPLIED -> AdminResponse.empty(204);
      case NO_BALANCER -> AdminResponse.message(400, "Upstream " + upstreamKey + " has no balancer");
      case NO_HEALTHCHECKER -> AdminResponse.message(400, "no healthchecker found for " + row.get().get("name").asText());
      case NOT_FOUND -> AdminResponse.notFound();
    };
  }
}
