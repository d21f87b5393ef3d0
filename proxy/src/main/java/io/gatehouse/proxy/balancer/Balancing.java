package io.gatehouse.proxy.balancer;

import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Target;
import io.gatehouse.core.model.Upstream;
import io.gatehouse.proxy.health.ActiveChecker;
import io.gatehouse.proxy.health.HealthKey;
import io.gatehouse.proxy.health.HealthRegistry;
import io.gatehouse.proxy.health.ProbeTarget;
import io.gatehouse.proxy.upstream.DnsPeerSelector;
import io.gatehouse.proxy.upstream.DnsServers;
import io.gatehouse.proxy.upstream.NoPeerException;
import io.gatehouse.proxy.upstream.Peer;
import io.gatehouse.proxy.upstream.Origin;
import io.gatehouse.proxy.upstream.PickState;
import io.gatehouse.proxy.upstream.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Load balancing for one node: builds the {@link UpstreamBalancer}s of each snapshot
 * ({@link #build}), makes them live once the snapshot is active ({@link #activate}), and picks
 * peers for the proxy — the balancer when the service host names an upstream, DNS otherwise. Owns
 * the node's health registry, its one active checker and the target DNS resolver, all on one
 * event loop of its own.
 */
public final class Balancing implements AutoCloseable {
  private static final Duration BUILD_DNS_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Told about a name a pick looked up for one request (Kong's {@code toip} of a TTL-0 target, which
   * tracing's {@code dns_query} records as {@code kong.dns}). Called on the request's loop.
   */
  public interface Lookups {
    /**
     * @param startNanos {@link System#nanoTime} when the lookup began
     * @param ip the address used, or null when none was found
     * @param error why none was found, or null
     */
    void lookedUp(long startNanos, String name, int port, @Nullable String ip, @Nullable String error);
  }

  private final EventLoopGroup group;
  private final HealthRegistry registry;
  private final ActiveChecker checker;
  private final TargetResolver dns;
  private final DnsPeerSelector fallback;
  private volatile Map<String, UpstreamBalancer> live = Map.of();
  private final LiveHealth healthView = new LiveHealth(this);

  public Balancing(Transport transport, DnsPeerSelector fallback, HealthRegistry registry) {
    this(transport, fallback, registry, DnsServers.system());
  }

  /**
   * @param fallback picks peers of services that name no upstream, and resolves TTL-0 targets per request
   * @param servers the name servers for target names ({@code dns_resolver})
   */
  public Balancing(Transport transport, DnsPeerSelector fallback, HealthRegistry registry, DnsServers servers) {
    this.group = transport.newGroup(1, "gatehouse-balancing");
    EventLoop loop = group.next();
    this.registry = registry;
    this.fallback = fallback;
    this.checker = new ActiveChecker(loop, transport.socketChannel(), registry);
    this.dns = new TargetResolver(loop, transport, servers, this::dnsChanged);
  }

  public HealthRegistry registry() {
    return registry;
  }

  /** The read-only health of the live balancers (plus Kong's overrides), for the Admin API. */
  public io.gatehouse.proxy.status.UpstreamHealthView healthView() {
    return healthView;
  }

  /**
   * Builds a balancer per upstream of the snapshot, keyed by upstream name. Resolves named targets
   * not cached yet (bounded wait); call off the event loops. Nothing becomes live until {@link #activate}.
   */
  public Map<String, UpstreamBalancer> build(ConfigSnapshot snapshot) {
    Map<String, List<TargetEntry>> byUpstream = new HashMap<>();
    for (Target t : snapshot.targets()) {
      byUpstream.computeIfAbsent(t.upstreamId(), k -> new ArrayList<>()).add(TargetEntry.of(t));
    }
    Map<String, UpstreamBalancer> out = new HashMap<>();
    for (Upstream u : snapshot.upstreams()) {
      out.put(u.name(), new UpstreamBalancer(u, byUpstream.getOrDefault(u.id(), List.of()), registry,
          name -> dns.answer(name, BUILD_DNS_TIMEOUT)));
    }
    return Map.copyOf(out);
  }

  /** Makes a built set live: the checker probes its addresses, DNS watches its names, old health is retained. */
  public void activate(Map<String, UpstreamBalancer> balancers) {
    live = balancers;
    refresh();
    Set<String> names = new HashSet<>();
    for (UpstreamBalancer b : balancers.values()) {
      for (TargetEntry t : b.targets()) {
        if (!t.ip()) names.add(t.host());
      }
    }
    dns.watch(names);
  }

  /** The names of the live balancers' upstreams, sorted. */
  java.util.List<String> liveNames() {
    return live.keySet().stream().sorted().toList();
  }

  /** The live balancer of an upstream by name or id, or null. */
  public @Nullable UpstreamBalancer find(String nameOrId) {
    UpstreamBalancer b = live.get(nameOrId);
    if (b != null) return b;
    for (UpstreamBalancer x : live.values()) {
      if (x.upstream().id().equals(nameOrId)) return x;
    }
    return null;
  }

  /**
   * Picks the peer for one try of a request: {@code balancer} when the service host names an
   * upstream, else DNS. Never blocks: the future completes on {@code loop}; a failed one carries
   * {@link NoPeerException} when the balancer has no available target.
   *
   * @param balancer the upstream's balancer, or null when the origin's host is not an upstream
   * @param state the request's tries so far ({@link PickState#attempt()} 0 for the first)
   */
  public Future<Peer> select(Origin origin, @Nullable UpstreamBalancer balancer, PickState state, EventLoop loop) {
    return select(origin, balancer, state, loop, null);
  }

  /** As {@link #select(Origin, UpstreamBalancer, PickState, EventLoop)}, telling {@code lookups} of a per-request lookup. */
  public Future<Peer> select(Origin origin, @Nullable UpstreamBalancer balancer, PickState state, EventLoop loop,
      @Nullable Lookups lookups) {
    UpstreamBalancer b = balancer;
    if (b == null) return fallback.select(origin, state, loop);
    Peer p = b.pick(state);
    if (p == null) {
      return loop.newFailedFuture(new NoPeerException(b.healthy()
          ? "no available target in upstream " + b.upstream().name()
          : "upstream " + b.upstream().name() + " is unhealthy (available weight below threshold)"));
    }
    if (p.observer() instanceof Endpoint e && e.resolveName() != null) return perRequest(e, p, loop, lookups);
    return loop.newSucceededFuture(p);
  }

  /** Kong's TTL-0 handling: the name is looked up for this request; the port stays the target's. */
  private Future<Peer> perRequest(Endpoint e, Peer p, EventLoop loop, @Nullable Lookups lookups) {
    Promise<Peer> out = loop.newPromise();
    String name = java.util.Objects.requireNonNull(e.resolveName());
    int port = p.address().getPort();
    long start = lookups == null ? 0 : System.nanoTime();
    fallback.resolveAll(name, loop).addListener((Future<List<InetAddress>> f) -> {
      if (f.isSuccess() && !f.getNow().isEmpty()) {
        List<InetAddress> all = f.getNow();
        InetAddress a = all.get(ThreadLocalRandom.current().nextInt(all.size()));
        if (lookups != null) lookups.lookedUp(start, name, port, a.getHostAddress(), null);
        out.setSuccess(e.at(new InetSocketAddress(a, port)));
      } else {
        e.ended(); // the try never starts
        Throwable cause = f.isSuccess() ? new UnknownHostException(name) : f.cause();
        if (lookups != null) lookups.lookedUp(start, name, port, null, String.valueOf(cause.getMessage()));
        out.setFailure(cause);
      }
    });
    return out;
  }

  private void dnsChanged(String name) {
    for (UpstreamBalancer b : live.values()) {
      if (b.uses(name)) b.rebuild();
    }
    refresh();
  }

  private void refresh() {
    List<ProbeTarget> probes = new ArrayList<>();
    Set<HealthKey> keys = new HashSet<>();
    for (UpstreamBalancer b : live.values()) {
      String hostHeader = b.upstream().hostHeader();
      for (Endpoint e : b.endpoints()) {
        if (e.health() == null) continue;
        keys.add(e.health().key());
        probes.add(new ProbeTarget(e.health(), e.address(), hostHeader != null ? hostHeader : e.hostname(),
            b.checks()));
      }
    }
    checker.update(probes);
    registry.retain(keys);
  }

  @Override
  public void close() {
    checker.close();
    dns.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
