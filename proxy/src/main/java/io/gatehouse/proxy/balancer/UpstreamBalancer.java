package io.gatehouse.proxy.balancer;

import io.gatehouse.core.model.Upstream;
import io.gatehouse.proxy.health.AddressHealth;
import io.gatehouse.proxy.health.HealthChecks;
import io.gatehouse.proxy.health.HealthKey;
import io.gatehouse.proxy.health.HealthRegistry;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.PickState;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The balancer of one upstream for one config version: its targets, their resolved endpoints and
 * the algorithm, held as one immutable {@link Ring} that a DNS change replaces atomically. Balancer
 * health (Kong's {@code threshold}) is recomputed only when some address's health changed.
 */
public final class UpstreamBalancer {
  private final Upstream upstream;
  private final HealthChecks checks;
  private final HashInput hash;
  private final boolean hashing;
  private final List<TargetEntry> targets;
  private final HealthRegistry registry;
  private final Function<String, DnsAnswer> dns;
  private volatile Ring ring;
  private volatile Weights weights = new Weights(-1, null, 0, 0);

  /** Endpoints and the picker over them; {@code answers} are the DNS results they came from. */
  record Ring(Endpoint[] endpoints, Picker picker, java.util.Map<String, DnsAnswer> answers) {}

  /** Total and available weight as of a registry epoch. */
  public record Weights(long epoch, @Nullable Ring ring, long total, long available) {}

  UpstreamBalancer(Upstream upstream, List<TargetEntry> targets, HealthRegistry registry,
      Function<String, DnsAnswer> dns) {
    this.upstream = upstream;
    this.checks = HealthChecks.from(upstream.healthchecks());
    this.hash = HashInput.of(upstream);
    this.hashing = "consistent-hashing".equals(upstream.algorithm());
    this.targets = List.copyOf(targets);
    this.registry = registry;
    this.dns = dns;
    this.ring = build();
  }

  public Upstream upstream() {
    return upstream;
  }

  public HealthChecks checks() {
    return checks;
  }

  public List<TargetEntry> targets() {
    return targets;
  }

  /** Every endpoint, weight-0 ones included. */
  public List<Endpoint> endpoints() {
    return List.of(ring.endpoints());
  }

  /** The DNS answer used for a named target, or null for IP targets and names never resolved. */
  public @Nullable DnsAnswer answer(String host) {
    return ring.answers().get(host);
  }

  /**
   * The peer for the next try, or null when the balancer is unhealthy or no address is available.
   * Lock-free; any thread.
   */
  public @Nullable Peer pick(PickState state) {
    if (!healthy()) return null;
    if (hashing) hash.computeInto(state);
    Endpoint e = ring.picker().pick(state);
    if (e == null) return null;
    state.last(e);
    return e.take();
  }

  /** Kong's balancer health: some weight, and available weight above {@code threshold} percent of it. */
  public boolean healthy() {
    Weights w = weights();
    return w.total() > 0 && w.available() * 100.0 / w.total() > checks.threshold();
  }

  public Weights weights() {
    long epoch = registry.epoch();
    Ring r = ring;
    Weights w = weights;
    if (w.epoch() == epoch && w.ring() == r) return w;
    long total = 0;
    long available = 0;
    for (Endpoint e : r.endpoints()) {
      total += e.weight();
      if (e.available()) available += e.weight();
    }
    w = new Weights(epoch, r, total, available);
    weights = w; // a racing thread may compute the same figures again; harmless
    return w;
  }

  /** Rebuilds the ring from the current DNS answers (a named target's records changed). */
  synchronized void rebuild() {
    ring = build();
  }

  boolean uses(String host) {
    for (TargetEntry t : targets) {
      if (!t.ip() && t.host().equals(host)) return true;
    }
    return false;
  }

  private Ring build() {
    List<Endpoint> out = new ArrayList<>();
    java.util.Map<String, DnsAnswer> answers = new java.util.HashMap<>();
    String peerName = upstream.hostHeader();
    for (TargetEntry t : targets) {
      List<DnsAnswer.Record> records;
      boolean ttl0 = false;
      if (t.ip()) {
        records = List.of(DnsAnswer.Record.plain(literal(t.host())));
      } else {
        DnsAnswer a = dns.apply(t.host());
        answers.put(t.host(), a);
        // Kong: a TTL-0 name becomes one address with the target's port and weight, resolved per request
        ttl0 = a.ttl0() && !a.records().isEmpty();
        records = ttl0 ? List.of(DnsAnswer.Record.plain(a.records().getFirst().ip())) : a.records();
      }
      for (DnsAnswer.Record r : records) {
        // Kong: every address of an A/AAAA answer carries the full target weight; SRV ones their own
        int weight = t.target().weight() == 0 ? 0 : r.weight() >= 0 ? r.weight() : t.target().weight();
        int port = r.port() > 0 ? r.port() : t.port();
        String ip = ttl0 ? t.host() : r.ip().getHostAddress();
        AddressHealth health = checks.enabled() && weight > 0
            ? registry.state(new HealthKey(upstream.id(), t.host(), ip, port))
            : null;
        // Kong's setHostHeader: the target name, or the SRV record's name with use_srv_name
        String name = upstream.useSrvName() && r.srvName() != null ? r.srvName() : t.host();
        out.add(new Endpoint(t.target().id(), t.host(), peerName != null ? peerName : name,
            new InetSocketAddress(r.ip(), port), weight, health, health == null ? null : registry,
            checks.passive().limits(), ttl0 ? t.host() : null));
      }
    }
    Endpoint[] eps = out.toArray(Endpoint[]::new);
    return new Ring(eps, Picker.of(upstream.algorithm(), eps, upstream.slots()), java.util.Map.copyOf(answers));
  }

  private static InetAddress literal(String host) {
    try {
      return InetAddress.getByAddress(host, NetUtil.createByteArrayFromIpAddressString(host));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid target address " + host, e);
    }
  }
}
