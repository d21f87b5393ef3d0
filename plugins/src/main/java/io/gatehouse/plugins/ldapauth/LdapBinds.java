package io.gatehouse.plugins.ldapauth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.gatehouse.sdk.CachedEntries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** A verdict, with the user it is for (what {@code GET /cache/{key}} shows; never the password). */
  private record Entry(Directory.Verdict verdict, String username, long ttlNanos) {}

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
      double cacheTtlSeconds, String username, String dn, byte[] password) {
    long ttl = cacheTtlSeconds == 0 ? Long.MAX_VALUE : (long) (cacheTtlSeconds * 1e9);
    return VERDICTS.get(key, (k, ignored) -> {
      try {
        return CompletableFuture.supplyAsync(() -> bind(target, tls, username, dn, password, ttl), POOL);
      } catch (RejectedExecutionException e) {
        LOG.warn("ldap-auth: {} binds already wait; refusing one more", QUEUE);
        return CompletableFuture.failedFuture(e);
      }
    }).thenApply(Entry::verdict);
  }

  /** The cache key of Kong's key for one way of reaching the server (Kong's key leaves those out). */
  static String key(String kongKey, Directory.Tls tls, boolean verify) {
    return kongKey + ":" + tls + ":" + verify;
  }

  /**
   * The verdicts under Kong's keys, for the Admin API's {@code /cache}: an acceptance shows as
   * Kong's credential without its password ({@code {"id", "username"}}), a refusal as Kong's
   * cached {@code false}; a bind still under way is not cached yet.
   */
  static final CachedEntries ENTRIES = new CachedEntries() {
    @Override
    public Optional<Object> probe(String kongKey) {
      for (String key : keys(kongKey)) {
        CompletableFuture<Entry> f = VERDICTS.getIfPresent(key);
        if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
          Entry e = f.join();
          if (e.verdict() != Directory.Verdict.ACCEPTED) {
            return Optional.of(Boolean.FALSE);
          }
          Map<String, String> shown = new LinkedHashMap<>(); // Kong's credential, without the password it keeps
          shown.put("id", kongKey);
          shown.put("username", e.username());
          return Optional.of(shown);
        }
      }
      return Optional.empty();
    }

    @Override
    public void invalidate(String kongKey) {
      VERDICTS.synchronous().invalidateAll(keys(kongKey));
    }

    @Override
    public void purge() {
      VERDICTS.synchronous().invalidateAll();
    }
  };

  private static List<String> keys(String kongKey) {
    List<String> keys = new ArrayList<>(6);
    for (Directory.Tls tls : Directory.Tls.values()) {
      keys.add(key(kongKey, tls, false));
      keys.add(key(kongKey, tls, true));
    }
    return keys;
  }

  private static Entry bind(Directory.Target target, SSLSocketFactory tls, String username, String dn, byte[] password,
      long ttl) {
    Directory d = DIRECTORIES.computeIfAbsent(new Reach(target, tls), r -> new Directory(r.target(), r.tls()));
    try {
      return new Entry(d.bind(dn, password), username, ttl);
    } catch (Directory.Unavailable e) {
      LOG.warn("ldap-auth: {}", e.getMessage()); // names the server, never the password
      throw new CompletionException(e);
    }
  }
}
