package io.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.RouteTable;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.balancer.Balancing;
import io.gatehouse.proxy.balancer.DnsAnswer;
import io.gatehouse.proxy.balancer.Endpoint;
import io.gatehouse.proxy.balancer.TargetEntry;
import io.gatehouse.proxy.balancer.UpstreamBalancer;
import io.gatehouse.proxy.health.HealthVerdict;
import io.gatehouse.store.ConfigStore;
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
  private final Balancing balancing;
  private final String nodeId;

  public HealthApi(ConfigStore store, Balancing balancing, String nodeId) {
    this.store = store;
    this.balancing = balancing;
    this.nodeId = nodeId;
  }

  public void register(RouteTable routes) {
    routes.add("/upstreams/{upstreams}/health", "GET", (req, p) -> health(req, p.get("upstreams")));
    for (String verdict : List.of("healthy", "unhealthy")) {
      boolean healthy = verdict.equals("healthy");
      routes.add("/upstreams/{upstreams}/targets/{targets}/" + verdict, "PUT",
          (req, p) -> override(p.get("upstreams"), p.get("targets"), null, healthy));
      routes.add("/upstreams/{upstreams}/targets/{targets}/{address}/" + verdict, "PUT",
          (req, p) -> override(p.get("upstreams"), p.get("targets"), p.get("address"), healthy));
    }
  }

  private Optional<ObjectNode> upstreamRow(String key) {
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

  private AdminResponse health(AdminRequest req, String key) {
    Optional<ObjectNode> row = upstreamRow(key);
    if (row.isEmpty()) return AdminResponse.notFound();
    String id = row.get().get("id").asText();
    UpstreamBalancer b = balancing.find(id);
    ArrayNode hosts = Json.array();
    if (b != null) {
      for (TargetEntry t : b.targets()) hosts.add(target(b, t));
    }
    ObjectNode body = Json.object();
    if ("1".equals(req.queryParam("balancer_health")) || "true".equals(req.queryParam("balancer_health"))) {
      ObjectNode data = body.putObject("data");
      data.put("id", id);
      boolean healthy = b != null && b.healthy();
      data.put("health", b == null || !b.checks().enabled() ? "HEALTHCHECKS_OFF" : healthy ? "HEALTHY" : "UNHEALTHY");
      data.put("balancer_health", healthy ? "HEALTHY" : "UNHEALTHY");
      ObjectNode details = data.putObject("details");
      details.put("healthy", healthy);
      UpstreamBalancer.Weights w = b == null ? null : b.weights();
      weight(details.putObject("weight"), w == null ? 0 : w.total(), w == null ? 0 : w.available());
      details.set("hosts", hosts);
    } else {
      body.set("data", hosts);
    }
    body.putNull("next");
    body.put("node_id", nodeId);
    return AdminResponse.json(200, body);
  }

  private ObjectNode target(UpstreamBalancer b, TargetEntry t) {
    ObjectNode out = store.get("targets", t.target().id()).map(ObjectNode::deepCopy).orElseGet(() -> {
      ObjectNode o = Json.object();
      o.put("id", t.target().id());
      o.put("target", t.target().target());
      o.put("weight", t.target().weight());
      o.set("upstream", Json.object().put("id", b.upstream().id()));
      return o;
    });
    List<Endpoint> eps = b.endpoints().stream().filter(e -> e.targetId().equals(t.target().id())).toList();
    DnsAnswer answer = t.ip() ? null : b.answer(t.host());
    long total = 0;
    long available = 0;
    boolean anyHealthy = false;
    ArrayNode addresses = Json.array();
    for (Endpoint e : eps) {
      total += e.weight();
      if (e.available()) available += e.weight();
      boolean healthy = e.health() == null || e.health().healthy();
      anyHealthy |= healthy;
      addresses.addObject().put("ip", e.address().getAddress().getHostAddress()).put("port", e.address().getPort())
          .put("weight", e.weight()).put("health", e.health() == null ? "HEALTHCHECKS_OFF" : healthy ? "HEALTHY" : "UNHEALTHY");
    }
    String health;
    if (eps.isEmpty() || (answer != null && answer.error() != null)) health = "DNS_ERROR";
    else if (!b.checks().enabled() || t.target().weight() == 0) health = "HEALTHCHECKS_OFF";
    else health = anyHealthy ? "HEALTHY" : "UNHEALTHY";
    out.put("health", health);
    ObjectNode data = out.putObject("data");
    data.put("host", t.host()).put("port", t.port());
    data.put("dns", t.ip() ? "A" : answer == null ? "A" : answer.type().equals("hosts") ? "A" : answer.type());
    data.put("nodeWeight", t.target().weight());
    weight(data.putObject("weight"), total, available);
    data.set("addresses", addresses);
    return out;
  }

  private static void weight(ObjectNode w, long total, long available) {
    w.put("total", total).put("available", available).put("unavailable", total - available);
  }

  private AdminResponse override(String upstreamKey, String targetKey, @Nullable String address, boolean healthy) {
    Optional<ObjectNode> row = upstreamRow(upstreamKey);
    if (row.isEmpty()) return AdminResponse.notFound();
    UpstreamBalancer b = balancing.find(row.get().get("id").asText());
    if (b == null) return AdminResponse.message(400, "Upstream " + upstreamKey + " has no balancer");
    TargetEntry t = b.targets().stream()
        .filter(x -> x.target().id().equals(targetKey) || x.target().target().equals(targetKey)
            || x.target().target().equals(targetKey + ":8000"))
        .findFirst().orElse(null);
    if (t == null) return AdminResponse.notFound();
    if (!b.checks().enabled()) return AdminResponse.message(400, "no healthchecker found for " + b.upstream().name());
    boolean found = false;
    for (Endpoint e : b.endpoints()) {
      if (!e.targetId().equals(t.target().id()) || e.health() == null) continue;
      String ip = e.address().getAddress().getHostAddress();
      if (address != null && !matches(address, ip, e.address().getPort())) continue;
      balancing.registry().set(e.health(), healthy, HealthVerdict.Source.ADMIN);
      found = true;
    }
    return found ? AdminResponse.empty(204) : AdminResponse.notFound();
  }

  private static boolean matches(String address, String ip, int port) {
    String a = address.startsWith("[") ? address.replace("[", "").replace("]", "") : address;
    return a.equals(ip + ":" + port) || a.equals(ip);
  }

}
