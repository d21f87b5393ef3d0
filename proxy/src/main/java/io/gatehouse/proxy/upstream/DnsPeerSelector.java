package io.gatehouse.proxy.upstream;

import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the service host with Netty's asynchronous DNS resolver, one per event loop, whose cache
 * honours record TTLs (and {@code /etc/hosts}, so {@code localhost} needs no DNS). IP literals skip
 * resolution. Retries walk through the resolved addresses.
 */
public final class DnsPeerSelector implements AutoCloseable {
  private final Transport transport;
  private final FastThreadLocal<DnsNameResolver> resolvers = new FastThreadLocal<>();
  private final java.util.Set<DnsNameResolver> all = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final DnsServers servers;

  public DnsPeerSelector(Transport transport) {
    this(transport, DnsServers.system());
  }

  public DnsPeerSelector(Transport transport, DnsServers servers) {
    this.transport = transport;
    this.servers = servers;
  }

  /** All addresses of a name, from this loop's resolver (its cache honours TTLs; TTL 0 is never cached). */
  public Future<List<InetAddress>> resolveAll(String host, EventLoop loop) {
    return resolver(loop).resolveAll(host);
  }

  /**
   * The peer of one try: an IP literal as it is, else the name's addresses in turn (try N takes
   * address N). Never blocks: the future completes on {@code loop}.
   *
   * @param state the request's tries so far ({@link PickState#attempt()} 0 for the first)
   */
  public Future<Peer> select(Origin target, PickState state, EventLoop loop) {
    int attempt = state.attempt();
    String host = target.host();
    int port = target.port();
    LastLiteral last = lastLiteral.get();
    if (last.target == target && last.loop == loop) {
      return last.peer; // an IP literal: the same answer every time for this compiled service
    }
    String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(literal);
    if (ip != null) {
      try {
        Future<Peer> f = loop.newSucceededFuture(peer(new InetSocketAddress(InetAddress.getByAddress(host, ip), port), host));
        last.target = target;
        last.loop = loop;
        last.peer = f;
        return f;
      } catch (java.net.UnknownHostException e) {
        return loop.newFailedFuture(e);
      }
    }
    Promise<Peer> promise = loop.newPromise();
    resolver(loop).resolveAll(host).addListener((Future<List<InetAddress>> f) -> {
      if (!f.isSuccess()) {
        promise.setFailure(f.cause());
        return;
      }
      List<InetAddress> addresses = f.getNow();
      if (addresses.isEmpty()) {
        promise.setFailure(new java.net.UnknownHostException(host));
        return;
      }
      promise.setSuccess(peer(new InetSocketAddress(addresses.get(attempt % addresses.size()), port), host));
    });
    return promise;
  }

  /**
   * The answer for the last service with an IP-literal host this event loop proxied to. Services are
   * compiled per snapshot, so a new config never sees an old answer; peers of DNS names are not kept.
   */
  private static final class LastLiteral {
    @Nullable Origin target;
    @Nullable EventLoop loop;
    @Nullable Future<Peer> peer;
  }

  private final FastThreadLocal<LastLiteral> lastLiteral = new FastThreadLocal<>() {
    @Override
    protected LastLiteral initialValue() {
      return new LastLiteral();
    }
  };

  private static Peer peer(InetSocketAddress address, String host) {
    return new Peer(address, host, TryObserver.NONE);
  }

  private DnsNameResolver resolver(EventLoop loop) {
    DnsNameResolver r = resolvers.get();
    if (r == null) {
      r = servers.builder(loop, transport).build();
      resolvers.set(r);
      all.add(r);
    }
    return r;
  }

  @Override
  public void close() {
    all.forEach(DnsNameResolver::close);
  }
}
