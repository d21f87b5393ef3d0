package io.gatehouse.proxy.balancer;

import io.gatehouse.proxy.upstream.Transport;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.DefaultHostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves target host names for the balancers of this node, on the node's balancing event loop:
 * {@code /etc/hosts} first, then A, then AAAA records, and re-resolves each watched name when its
 * records' TTL expires (at least every second, at most every hour; failures are retried after
 * {@link #ERROR_TTL_MILLIS}). A changed answer is reported to {@code onChange}, which rebuilds the
 * balancers using the name. Answers are cached across config versions.
 */
final class TargetResolver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TargetResolver.class);
  static final long ERROR_TTL_MILLIS = 5000;
  private static final long HOSTS_TTL_MILLIS = 60_000;

  private final EventLoop loop;
  private final DnsNameResolver resolver;
  private final Consumer<String> onChange;
  private final Map<String, DnsAnswer> answers = new ConcurrentHashMap<>();
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> ttls = new ConcurrentHashMap<>();

  TargetResolver(EventLoop loop, Transport transport, Consumer<String> onChange) {
    this.loop = loop;
    this.onChange = onChange;
    this.resolver = new DnsNameResolverBuilder(loop).datagramChannelType(transport.datagramChannel()).build();
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
        if (now != null && (before == null || !before.addresses().equals(now.addresses()))) onChange.accept(name);
        if (watched.contains(name)) schedule(name, ttls.getOrDefault(name, ERROR_TTL_MILLIS));
        else scheduled.remove(name);
      });
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  private Future<DnsAnswer> resolve(String name) {
    Promise<DnsAnswer> p = loop.newPromise();
    loop.execute(() -> {
      List<InetAddress> hosts = ((DefaultHostsFileEntriesResolver) io.netty.resolver.HostsFileEntriesResolver.DEFAULT)
          .addresses(name, ResolvedAddressTypes.IPV4_PREFERRED);
      if (hosts != null && !hosts.isEmpty()) {
        done(name, new DnsAnswer("hosts", List.copyOf(hosts), null), HOSTS_TTL_MILLIS, p);
        return;
      }
      query(name, DnsRecordType.A, p);
    });
    return p;
  }

  private void query(String name, DnsRecordType type, Promise<DnsAnswer> p) {
    resolver.resolveAll(new DefaultDnsQuestion(name, type)).addListener((Future<List<DnsRecord>> f) -> {
      List<InetAddress> out = new ArrayList<>();
      long ttl = Long.MAX_VALUE;
      String error = null;
      if (f.isSuccess()) {
        for (DnsRecord r : f.getNow()) {
          try {
            if (r instanceof DnsRawRecord raw && r.type() == type) {
              byte[] bytes = new byte[raw.content().readableBytes()];
              raw.content().getBytes(raw.content().readerIndex(), bytes);
              out.add(InetAddress.getByAddress(name, bytes));
              ttl = Math.min(ttl, r.timeToLive() * 1000);
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
      if (out.isEmpty() && type == DnsRecordType.A) {
        query(name, DnsRecordType.AAAA, p);
        return;
      }
      if (out.isEmpty()) {
        log.warn("cannot resolve target {}: {}", name, error == null ? "empty record received" : error);
        done(name, DnsAnswer.failed(error == null ? "dns client error: 101 empty record received" : error),
            ERROR_TTL_MILLIS, p);
      } else {
        done(name, new DnsAnswer(type.name(), List.copyOf(out), null), Math.clamp(ttl, 1000, 3_600_000), p);
      }
    });
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
