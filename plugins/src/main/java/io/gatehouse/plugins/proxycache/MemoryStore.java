package io.gatehouse.plugins.proxycache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Strategy {@code memory}: a Caffeine cache bounded by the bytes it holds, entries expiring at their storage TTL. */
final class MemoryStore implements CacheStore {
  private record Entry(CachedResponse response, long ttlNanos) {}

  private final Cache<String, Entry> cache;

  MemoryStore(long maxBytes) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .<String, Entry>weigher((k, e) -> 256 + k.length() + e.response().body().length + e.response().headers().size() * 64)
        .expireAfter(new Expiry<String, Entry>() {
          @Override
          public long expireAfterCreate(String key, Entry e, long now) {
            return e.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(String key, Entry e, long now, long current) {
            return e.ttlNanos();
          }

          @Override
          public long expireAfterRead(String key, Entry e, long now, long current) {
            return current;
          }
        })
        .build();
  }

  @Override
  public CompletionStage<@Nullable CachedResponse> get(String key) {
    Entry e = cache.getIfPresent(key);
    return CompletableFuture.completedFuture(e == null ? null : e.response());
  }

  @Override
  public CompletionStage<Void> put(String key, CachedResponse response, long storageTtlSeconds) {
    cache.put(key, new Entry(response, TimeUnit.SECONDS.toNanos(Math.max(1, storageTtlSeconds))));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Boolean> purge(String key) {
    return CompletableFuture.completedFuture(cache.asMap().remove(key) != null);
  }

  @Override
  public CompletionStage<Void> flush() {
    cache.invalidateAll();
    return CompletableFuture.completedFuture(null);
  }
}
