package io.gatehouse.plugins.proxycache;

import org.jspecify.annotations.Nullable;

/** Where one strategy keeps responses. Calls come from event loops and must not block. */
interface CacheStore {

  @Nullable CachedResponse get(String key);

  /** Stores for {@code storageTtlSeconds}, after which the entry disappears. */
  void put(String key, CachedResponse response, long storageTtlSeconds);

  /** Whether an entry was removed. */
  boolean purge(String key);

  void flush();
}
