package io.gatehouse.plugins.ldapauth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verdicts by Kong's cache key ({@code ldap_auth_cache:<sha256>}, plus the TLS mode and host
 * check), kept {@code cache_ttl} seconds for acceptances and refusals alike (Kong's {@code ttl} and {@code neg_ttl}; 0 keeps them until
 * evicted). A miss binds on a bounded pool of platform threads — never the event loop — and
 * concurrent requests for one key share that bind. An unavailable server is not cached: the next
 * request tries again (Kong caches its nil for {@code neg_ttl}).
 */
final class LdapBinds {
  private static final Logger LOG = LoggerFactory.getLogger(LdapBinds.class);

  /** At most this many binds at once, node-wide; more wait in a bounded queue, past it 500. */
  static final int THREADS = 16;
  private static final int QUEUE = 1024;

  private record Entry(Directory.Verdict verdict, long ttlNanos) {}

  private static final ThreadPoolExecutor POOL = pool();
  private static final AsyncCache<String, Entry> VERDICTS = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfter(Expiry.<String, Entry>writing((key, e) -> Duration.ofNanos(e.ttlNanos())))
      .executor(Runnable::run) // maintenance is cheap; keep it off the shared fork-join pool
      .buildAsync();
  /** A server as reached with one TLS setup (the node's trust store decides what a verifying one accepts). */
  private record Reach(Directory.Target target, SSLSocketFactory tls) {}

  private static final Map<Reach, Directory> DIRECTORIES = new ConcurrentHashMap<>();

  private LdapBinds() {}

  private static ThreadPoolExecutor pool() {
    ThreadPoolExecutor p = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("ldap-auth-bind-", 0).daemon().factory(),
        new ThreadPoolExecutor.AbortPolicy());
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  /**
   * The verdict for {@code key}: completed at once when cached, else once the bind answered.
   * Completes exceptionally with {@link Directory.Unavailable} when the server gave none.
   */
  static CompletableFuture<Directory.Verdict> verdict(String key, Directory.Target target, SSLSocketFactory tls,
      double cacheTtlSeconds, String dn, byte[] password) {
    long ttl = cacheTtlSeconds == 0 ? Long.MAX_VALUE : (long) (cacheTtlSeconds * 1e9);
    return VERDICTS.get(key, (k, ignored) -> {
      try {
        return CompletableFuture.supplyAsync(() -> bind(target, tls, dn, password, ttl), POOL);
      } catch (RejectedExecutionException e) {
        LOG.warn("ldap-auth: {} binds already wait; refusing one more", QUEUE);
        return CompletableFuture.failedFuture(e);
      }
    }).thenApply(Entry::verdict);
  }

  private static Entry bind(Directory.Target target, SSLSocketFactory tls, String dn, byte[] password, long ttl) {
    Directory d = DIRECTORIES.computeIfAbsent(new Reach(target, tls), r -> new Directory(r.target(), r.tls()));
    try {
      return new Entry(d.bind(dn, password), ttl);
    } catch (Directory.Unavailable e) {
      LOG.warn("ldap-auth: {}", e.getMessage()); // names the server, never the password
      throw new CompletionException(e);
    }
  }
}
