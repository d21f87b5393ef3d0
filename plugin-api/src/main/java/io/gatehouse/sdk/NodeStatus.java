package io.gatehouse.sdk;

import java.util.List;
import java.util.Objects;

/**
 * What a node reports about itself, read at any time from any thread (a metrics scrape): Kong's
 * {@code kong.nginx.get_statistics()}, {@code kong.node.get_id()}, the database's reachability and
 * the live health of the upstreams' targets. Offered by {@link NodeServices#nodeStatus()}.
 */
public interface NodeStatus {

  /** This node's id ({@code kong.node.get_id()}). */
  String nodeId();

  /** The Kong version this node reports ({@code kong.version}). */
  String version();

  /** nginx's stub-status figures of the proxy's client connections. */
  Connections connections();

  /**
   * Whether the database answers now (Kong's {@code kong.db.connector:connect()}); true without one
   * (DB-less). May wait a short, bounded time.
   */
  boolean databaseReachable();

  /** The configuration version the data plane serves (0 before the first). */
  long configVersion();

  /** The health of every live upstream's targets, one entry per target. */
  List<TargetHealth> targetHealth();

  /** Calls the call log dropped since start because its queue was full; -1 when the call log is off. */
  default long analyticsDropped() {
    return -1;
  }

  /**
   * nginx's stub-status counts: gauges ({@code active}, {@code reading}, {@code writing},
   * {@code waiting}) now, the rest since start.
   */
  record Connections(long accepted, long handled, long active, long reading, long writing, long waiting,
      long totalRequests) {}

  /**
   * One target of a live upstream.
   *
   * @param upstream the upstream's name
   * @param target the target as configured ({@code host:port})
   * @param addresses the addresses it resolved to; empty when it resolved to none (Kong's {@code dns_error})
   */
  record TargetHealth(String upstream, String target, List<Address> addresses) {
    public TargetHealth {
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(target, "target");
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * One address of a target.
   *
   * @param health {@code HEALTHY}, {@code UNHEALTHY} or {@code HEALTHCHECKS_OFF}, as Kong's balancer reports it
   */
  record Address(String ip, int port, String health) {}
}
