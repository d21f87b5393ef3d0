package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.health.HealthVerdict;
import io.gatehouse.proxy.status.UpstreamHealth;
import io.gatehouse.proxy.status.UpstreamHealthView;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link UpstreamHealthView} of a node's live balancers: Kong's health verdicts per target
 * (reference §2.7) computed from the endpoints, and its manual overrides applied to the registry.
 * Runs on an Admin thread; it reads the same volatile state the pickers read.
 */
final class LiveHealth implements UpstreamHealthView {
  private final Balancing balancing;

  LiveHealth(Balancing balancing) {
    this.balancing = balancing;
  }

  @Override
  public @Nullable UpstreamHealth upstream(String idOrName) {
    UpstreamBalancer b = balancing.find(idOrName);
    if (b == null) return null;
    List<UpstreamHealth.TargetHealth> targets = new ArrayList<>();
    for (TargetEntry t : b.targets()) targets.add(target(b, t));
    UpstreamBalancer.Weights w = b.weights();
    return new UpstreamHealth(b.upstream().id(), b.upstream().name(), b.checks().enabled(), b.healthy(), w.total(),
        w.available(), targets);
  }

  @Override
  public List<UpstreamHealth> all() {
    List<UpstreamHealth> out = new ArrayList<>();
    for (String name : balancing.liveNames()) {
      UpstreamHealth h = upstream(name);
      if (h != null) out.add(h);
    }
    return out;
  }

  private static UpstreamHealth.TargetHealth target(UpstreamBalancer b, TargetEntry t) {
    DnsAnswer answer = t.ip() ? null : b.answer(t.host());
    long total = 0;
    long available = 0;
    boolean anyHealthy = false;
    boolean any = false;
    List<UpstreamHealth.AddressHealth> addresses = new ArrayList<>();
    for (Endpoint e : b.endpoints()) {
      if (!e.targetId().equals(t.target().id())) continue;
      any = true;
      total += e.weight();
      if (e.available()) available += e.weight();
      boolean healthy = e.health() == null || e.health().healthy();
      anyHealthy |= healthy;
      addresses.add(new UpstreamHealth.AddressHealth(e.address().getAddress().getHostAddress(), e.address().getPort(),
          e.weight(), e.health() == null ? "HEALTHCHECKS_OFF" : healthy ? "HEALTHY" : "UNHEALTHY"));
    }
    String health;
    if (!any || (answer != null && answer.error() != null)) health = "DNS_ERROR";
    else if (!b.checks().enabled() || t.target().weight() == 0) health = "HEALTHCHECKS_OFF";
    else health = anyHealthy ? "HEALTHY" : "UNHEALTHY";
    String dns = t.ip() || answer == null || answer.type().equals("hosts") ? "A" : answer.type();
    return new UpstreamHealth.TargetHealth(t.target().id(), t.target().target(), t.target().weight(), t.host(),
        t.port(), health, dns, total, available, addresses);
  }

  @Override
  public OverrideResult setHealth(String upstreamIdOrName, String target, @Nullable String address, boolean healthy) {
    UpstreamBalancer b = balancing.find(upstreamIdOrName);
    if (b == null) return OverrideResult.NO_BALANCER;
    TargetEntry t = b.targets().stream()
        .filter(x -> x.target().id().equals(target) || x.target().target().equals(target)
            || x.target().target().equals(target + ":8000"))
        .findFirst().orElse(null);
    if (t == null) return OverrideResult.NOT_FOUND;
    if (!b.checks().enabled()) return OverrideResult.NO_HEALTHCHECKER;
    boolean found = false;
    for (Endpoint e : b.endpoints()) {
      if (!e.targetId().equals(t.target().id()) || e.health() == null) continue;
      String ip = e.address().getAddress().getHostAddress();
      if (address != null && !matches(address, ip, e.address().getPort())) continue;
      balancing.registry().set(e.health(), healthy, HealthVerdict.Source.ADMIN);
      found = true;
    }
    return found ? OverrideResult.APPLIED : OverrideResult.NOT_FOUND;
  }

  private static boolean matches(String address, String ip, int port) {
    String a = address.startsWith("[") ? address.replace("[", "").replace("]", "") : address;
    return a.equals(ip + ":" + port) || a.equals(ip);
  }
}
