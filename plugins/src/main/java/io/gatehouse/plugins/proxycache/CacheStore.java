package io.gatehouse.plugins.proxycache;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Where one strategy keeps responses. Calls come from event loops and must not block: a store that
 * talks to a server returns stages that complete on its own threads and fail within its timeout.
 */
interface CacheStore {

  CompletionStage<@Nullable CachedResponse> get(String key);

  /** Stores for {@code storageTtlSeconds}, after which the entry disappears. */
  CompletionStage<Void> put(String key, CachedResponse response, long storageTtlSeconds);

  /** Whether an entry was removed. */
  CompletionStage<Boolean> purge(String key);

  CompletionStage<Void> flush();
}
