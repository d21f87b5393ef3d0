package io.gatehouse.app;

import io.gatehouse.admin.StoreProbe;
import io.gatehouse.core.Version;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.status.ServerCounters;
import io.gatehouse.proxy.status.UpstreamHealth;
import io.gatehouse.sdk.NodeStatus;
import io.gatehouse.store.ConfigStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SDK's {@link NodeStatus} of a running node (what prometheus's scrape reads): the proxy's
 * connection counters and live upstream health, the database probe of {@code /status}.
 */
final class PluginNodeStatus implements NodeStatus {
  private final String nodeId;
  private final ProxyServer proxy;
  private final StoreProbe probe;
  private final java.util.function.LongSupplier analyticsDropped;

  PluginNodeStatus(String nodeId, ProxyServer proxy, ConfigStore store, java.util.function.LongSupplier analyticsDropped) {
    this.nodeId = nodeId;
    this.proxy = proxy;
    this.analyticsDropped = analyticsDropped;
    // as /status: a database that is down must not hold a scrape for pg_timeout
    this.probe = new StoreProbe(store, Duration.ofMillis(500));
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public String version() {
    return Version.KONG_COMPAT;
  }

  @Override
  public Connections connections() {
    ServerCounters c = proxy.counters();
    return new Connections(c.accepted(), c.handled(), c.active(), c.reading(), c.writing(), c.waiting(),
        c.totalRequests());
  }

  @Override
  public boolean databaseReachable() {
    return probe.probe().reachable();
  }

  @Override
  public long analyticsDropped() {
    return analyticsDropped.getAsLong();
  }

  @Override
  public long configVersion() {
    return proxy.activeVersion();
  }

  @Override
  public List<TargetHealth> targetHealth() {
    List<TargetHealth> out = new ArrayList<>();
    for (UpstreamHealth u : proxy.health().all()) {
      for (UpstreamHealth.TargetHealth t : u.targets()) {
        List<Address> addresses = "DNS_ERROR".equals(t.health()) ? List.of()
            : t.addresses().stream().map(a -> new Address(a.ip(), a.port(), a.health())).toList();
        out.add(new TargetHealth(u.name(), t.target(), addresses));
      }
    }
    return out;
  }
}
