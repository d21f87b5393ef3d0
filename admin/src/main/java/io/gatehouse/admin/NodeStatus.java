package io.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.admin.http.AdminRequest;
import io.gatehouse.admin.http.AdminResponse;
import io.gatehouse.admin.http.BodyParser;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.store.ConfigStore;
import io.gatehouse.store.DeclarativeStore;
import java.time.Duration;

/**
 * Kong's {@code GET /status} body and {@code /status/ready} verdict, shared by the Admin API and the
 * status listener. In DB-less mode {@code database} is left out and {@code configuration_hash} added.
 */
public final class NodeStatus {
  /** What DB-less Kong reports before any configuration is loaded. */
  static final String EMPTY_HASH = "00000000000000000000000000000000";

  /** How long {@code /status} and {@code /status/ready} wait for the database (Kong answers at once). */
  static final Duration PROBE_BUDGET = Duration.ofMillis(500);

  private final ConfigStore store;
  private final NodeInfo node;
  private final StoreProbe probe;
  private final long startedAt = System.currentTimeMillis();

  public NodeStatus(ConfigStore store, NodeInfo node) {
    this.store = store;
    this.node = node;
    this.probe = new StoreProbe(store, PROBE_BUDGET);
  }

  /** Kong's body: 200 even while the database is down, then with {@code database.reachable: false}. */
  public ObjectNode body() {
    ObjectNode body = Json.object();
    StoreProbe.Result db = probe.probe();
    if (store instanceof DeclarativeStore dbless) {
      body.put("configuration_hash", dbless.configHash());
    } else {
      body.set("database", Json.object().put("reachable", db.reachable()));
    }
    ServerCounters c = node.serverCounters().get();
    body.set("server", Json.object()
        .put("total_requests", c.totalRequests())
        .put("connections_active", c.active())
        .put("connections_accepted", c.accepted())
        .put("connections_handled", c.handled())
        .put("connections_reading", c.reading())
        .put("connections_writing", c.writing())
        .put("connections_waiting", c.waiting()));
    Runtime rt = Runtime.getRuntime();
    body.set("memory", Json.object()
        .put("heap_used", String.format("%.2f MiB", (rt.totalMemory() - rt.freeMemory()) / 1048576.0))
        .put("heap_max", String.format("%.2f MiB", rt.maxMemory() / 1048576.0)));
    ObjectNode config = Json.object();
    // while the database is down: the newest version known, which the data plane may already serve
    config.put("version", Math.max(db.version(), node.activeVersion().getAsLong()));
    config.put("active_version", node.activeVersion().getAsLong());
    String err = node.lastBuildError().get();
    if (err == null) {
      config.putNull("last_error");
    } else {
      config.put("last_error", err);
    }
    String source = node.configurationSource().get();
    if (source != null) { // beyond Kong: last_good_file while a node started during an outage serves its saved copy
      config.put("source", source);
    }
    body.set("configuration", config);
    ObjectNode analytics = node.analytics().get();
    if (analytics != null) { // beyond Kong: the call-log queue (queued, written, dropped)
      body.set("analytics", analytics);
    }
    body.put("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000);
    return body;
  }

  /** Whether load balancers should send this node traffic: {@code kong drain} takes it out for good. */
  private enum Rotation { IN, DRAINING }

  private volatile Rotation rotation = Rotation.IN;

  /**
   * {@code POST /status/ready} with {@code status=draining} (what {@code kong drain} sends): from now
   * on {@code /status/ready} answers 503 {@code draining} while the node keeps proxying. Kong: 204, or a
   * bare 400 for any other body.
   */
  public AdminResponse drain(AdminRequest req) {
    AdminRequest.Decoded decoded;
    try {
      decoded = BodyParser.decode(req);
    } catch (RuntimeException badBody) {
      return AdminResponse.empty(400);
    }
    if (!"draining".equals(decoded.body().path("status").asText(null))) {
      return AdminResponse.empty(400);
    }
    rotation = Rotation.DRAINING;
    return AdminResponse.empty(204);
  }

  /** 200 {@code ready} once the data plane serves the store's configuration; 503 with Kong's reason otherwise. */
  public AdminResponse ready() {
    if (rotation == Rotation.DRAINING) {
      return AdminResponse.message(503, "draining");
    }
    if (store instanceof DeclarativeStore dbless && EMPTY_HASH.equals(dbless.configHash())) {
      return AdminResponse.message(503, "no configuration available (empty configuration present)");
    }
    StoreProbe.Result db = probe.probe();
    if (!(store instanceof DeclarativeStore) && !db.reachable()) {
      return AdminResponse.message(503, "failed to connect to database");
    }
    if (node.activeVersion().getAsLong() < db.version()) {
      return AdminResponse.message(503, "router builds not yet complete");
    }
    return AdminResponse.message(200, "ready");
  }
}
