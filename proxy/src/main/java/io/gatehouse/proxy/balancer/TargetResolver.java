package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.DnsServers;
import io.gatehouse.proxy.upstream.Transport;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.DefaultHostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves target host names for the balancers of this node, on the node's balancing event loop:
 * {@code /etc/hosts} first, then Kong's {@code dns_order} (the type that answered last, SRV, A,
 * AAAA; SRV targets resolved to their addresses, best priority only), and re-resolves each watched name when its
 * records' TTL expires (at least every second, at most every hour; failures are retried after
 * {@link #ERROR_TTL_MILLIS}). A changed answer is reported to {@code onChange}, which rebuilds the
 * balancers using the name. Answers are cached across config versions.
 */
final class TargetResolver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TargetResolver.class);
  static final long ERROR_TTL_MILLIS = 5000;
  private static final long HOSTS_TTL_MILLIS = 60_000;
  /** Kong's {@code TTL_0_RETRY}: how often a TTL-0 name is asked again whether its TTL is still 0. */
  static final long TTL0_RECHECK_MILLIS = 60_000;

  private final EventLoop loop;
  private final DnsNameResolver resolver;
  private final Consumer<String> onChange;
  private final Map<String, DnsAnswer> answers = new ConcurrentHashMap<>();
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> ttls = new ConcurrentHashMap<>();
  private final Map<String, DnsRecordType> lastType = new ConcurrentHashMap<>();

  TargetResolver(EventLoop loop, Transport transport, DnsServers servers, Consumer<String> onChange) {
    this.loop = loop;
    this.onChange = onChange;
    // the balancer caches answers itself (by TTL), so the resolver must not answer from a cache of its own
    this.resolver = servers.builder(loop, transport).resolveCache(io.netty.resolver.dns.NoopDnsCache.INSTANCE).build();
  }

  /** The cached answer, resolving now (blocking up to {@code timeout}) on a miss. Never on an event loop. */
  DnsAnswer answer(String name, Duration timeout) {
    DnsAnswer a = answers.get(name);
    if (a != null) return a;
    Future<DnsAnswer> f = resolve(name);
    if (!f.awaitUninterruptibly(timeout.toMillis())) return DnsAnswer.failed("dns timeout resolving " + name);
    return f.getNow();
  }

  /** Keeps exactly these names refreshed. */
  void watch(Set<String> names) {
    watched.retainAll(names);
    watched.addAll(names);
    answers.keySet().retainAll(names);
    for (String n : names) {
      if (scheduled.add(n)) schedule(n, answers.containsKey(n) ? ttls.getOrDefault(n, ERROR_TTL_MILLIS) : 0);
    }
  }

  private void schedule(String name, long delayMillis) {
    loop.schedule(() -> {
      if (!watched.contains(name)) {
        scheduled.remove(name);
        return;
      }
      DnsAnswer before = answers.get(name);
      resolve(name).addListener(f -> {
        DnsAnswer now = answers.get(name);
        if (now != null && (before == null || !before.records().equals(now.records()) || before.ttl0() != now.ttl0())) onChange.accept(name);
        if (watched.contains(name)) schedule(name, ttls.getOrDefault(name, ERROR_TTL_MILLIS));
        else scheduled.remove(name);
      });
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  private Future<DnsAnswer> resolve(String name) {
    Promise<DnsAnswer> p = loop.newPromise();
    loop.execute(() -> {
      List<InetAddress> hosts = hostsEntry(name);
      if (hosts != null) {
        done(name, new DnsAnswer("hosts", hosts.stream().map(DnsAnswer.Record::plain).toList(), null, false),
            HOSTS_TTL_MILLIS, p);
        return;
      }
      // Kong's dns_order LAST,SRV,A,CNAME: the type that answered last time first, then SRV, A, AAAA
      List<DnsRecordType> order = new ArrayList<>(List.of(DnsRecordType.SRV, DnsRecordType.A, DnsRecordType.AAAA));
      DnsRecordType last = lastType.get(name);
      if (last != null) {
        order.remove(last);
        order.addFirst(last);
      }
      tryTypes(name, order, 0, null, p);
    });
    return p;
  }

  private void tryTypes(String name, List<DnsRecordType> order, int i, @Nullable String error, Promise<DnsAnswer> p) {
    if (i == order.size()) {
      log.warn("cannot resolve target {}: {}", name, error == null ? "empty record received" : error);
      done(name, DnsAnswer.failed(error == null ? "dns client error: 101 empty record received" : error),
          ERROR_TTL_MILLIS, p);
      return;
    }
    DnsRecordType type = order.get(i);
    Future<Lookup> f = type == DnsRecordType.SRV ? srv(name) : addresses(name, type);
    f.addListener((Future<Lookup> r) -> {
      Lookup l = r.getNow();
      if (l.records().isEmpty()) {
        tryTypes(name, order, i + 1, l.error() != null ? l.error() : error, p);
        return;
      }
      lastType.put(name, type);
      boolean ttl0 = l.ttlSeconds() == 0;
      long ttl = ttl0 ? TTL0_RECHECK_MILLIS : Math.clamp(l.ttlSeconds() * 1000, 1000, 3_600_000);
      done(name, new DnsAnswer(type.name(), l.records(), null, ttl0), ttl, p);
    });
  }

  /** SRV records of the best (lowest) priority, each target name resolved to its addresses. */
  private Future<Lookup> srv(String name) {
    Promise<Lookup> p = loop.newPromise();
    resolver.resolveAll(new DefaultDnsQuestion(name, DnsRecordType.SRV)).addListener((Future<List<DnsRecord>> f) -> {
      if (!f.isSuccess()) {
        p.setSuccess(Lookup.failed(String.valueOf(f.cause().getMessage())));
        return;
      }
      List<SrvRecord> srvs = new ArrayList<>();
      String error = null;
      for (DnsRecord r : f.getNow()) {
        try {
          if (r instanceof DnsRawRecord raw && r.type() == DnsRecordType.SRV) srvs.add(SrvRecord.decode(raw));
        } catch (RuntimeException e) {
          error = "bad SRV record for " + name + ": " + e.getMessage();
        } finally {
          ReferenceCountUtil.release(r);
        }
      }
      int best = srvs.stream().mapToInt(SrvRecord::priority).min().orElse(0);
      List<SrvRecord> top = srvs.stream().filter(s -> s.priority() == best).toList();
      if (top.isEmpty()) {
        p.setSuccess(Lookup.failed(error));
        return;
      }
      List<Lookup> parts = new ArrayList<>();
      for (SrvRecord s : top) {
        targetAddresses(s.target()).addListener((Future<Lookup> a) -> {
          Lookup l = a.getNow();
          List<DnsAnswer.Record> recs = new ArrayList<>();
          for (DnsAnswer.Record r : l.records()) {
            recs.add(new DnsAnswer.Record(r.ip(), s.port(), s.weight() == 0 ? 1 : s.weight(), s.target()));
          }
          parts.add(new Lookup(recs, Math.min(s.ttlSeconds(), l.ttlSeconds()), l.error()));
          if (parts.size() < top.size()) return;
          List<DnsAnswer.Record> all = new ArrayList<>();
          long ttl = Long.MAX_VALUE;
          String err = null;
          for (Lookup x : parts) {
            all.addAll(x.records());
            if (!x.records().isEmpty()) ttl = Math.min(ttl, x.ttlSeconds());
            if (x.error() != null) err = x.error();
          }
          p.setSuccess(new Lookup(all, ttl, err));
        });
      }
    });
    return p;
  }

  /** The addresses of an SRV target: an IP literal, {@code /etc/hosts}, A, then AAAA. */
  private Future<Lookup> targetAddresses(String host) {
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
    if (literal != null) {
      try {
        return loop.newSucceededFuture(new Lookup(List.of(DnsAnswer.Record.plain(InetAddress.getByAddress(literal))),
            Long.MAX_VALUE, null));
      } catch (UnknownHostException e) {
        return loop.newSucceededFuture(Lookup.failed(e.getMessage()));
      }
    }
    List<InetAddress> hosts = hostsEntry(host);
    if (hosts != null) {
      return loop.newSucceededFuture(new Lookup(hosts.stream().map(DnsAnswer.Record::plain).toList(),
          HOSTS_TTL_MILLIS / 1000, null));
    }
    Promise<Lookup> p = loop.newPromise();
    addresses(host, DnsRecordType.A).addListener((Future<Lookup> a) -> {
      if (!a.getNow().records().isEmpty()) p.setSuccess(a.getNow());
      else addresses(host, DnsRecordType.AAAA).addListener((Future<Lookup> b) -> p.setSuccess(b.getNow()));
    });
    return p;
  }

  private Future<Lookup> addresses(String name, DnsRecordType type) {
    Promise<Lookup> p = loop.newPromise();
    resolver.resolveAll(new DefaultDnsQuestion(name, type)).addListener((Future<List<DnsRecord>> f) -> {
      List<DnsAnswer.Record> out = new ArrayList<>();
      long ttl = Long.MAX_VALUE;
      String error = null;
      if (f.isSuccess()) {
        for (DnsRecord r : f.getNow()) {
          try {
            if (r instanceof DnsRawRecord raw && r.type() == type) {
              byte[] bytes = new byte[raw.content().readableBytes()];
              raw.content().getBytes(raw.content().readerIndex(), bytes);
              out.add(DnsAnswer.Record.plain(InetAddress.getByAddress(name, bytes)));
              ttl = Math.min(ttl, r.timeToLive());
            }
          } catch (UnknownHostException e) {
            error = e.getMessage();
          } finally {
            ReferenceCountUtil.release(r);
          }
        }
      } else {
        error = String.valueOf(f.cause().getMessage());
      }
      p.setSuccess(new Lookup(out, ttl, error));
    });
    return p;
  }

  private static @Nullable List<InetAddress> hostsEntry(String name) {
    List<InetAddress> hosts = ((DefaultHostsFileEntriesResolver) io.netty.resolver.HostsFileEntriesResolver.DEFAULT)
        .addresses(name, ResolvedAddressTypes.IPV4_PREFERRED);
    return hosts == null || hosts.isEmpty() ? null : List.copyOf(hosts);
  }

  /** One query's (or one SRV set's) records, their smallest TTL in seconds, and the last error seen. */
  private record Lookup(List<DnsAnswer.Record> records, long ttlSeconds, @Nullable String error) {
    static Lookup failed(@Nullable String error) {
      return new Lookup(List.of(), Long.MAX_VALUE, error);
    }
  }

  private void done(String name, DnsAnswer answer, long ttlMillis, Promise<DnsAnswer> p) {
    answers.put(name, answer);
    ttls.put(name, ttlMillis);
    p.trySuccess(answer);
  }

  @Override
  public void close() {
    resolver.close();
  }
}
