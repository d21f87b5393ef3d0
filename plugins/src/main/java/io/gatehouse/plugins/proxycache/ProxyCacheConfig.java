package io.gatehouse.plugins.proxycache;

import io.gatehouse.plugins.redis.RedisSettings;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * proxy-cache's config (reference plugins §17). {@code memory.dictionary_size} is Gatehouse's: the
 * byte bound of the named dictionary (nginx sizes shared dicts in its config instead); {@code redis}
 * (Kong's shared redis record) is read when {@code strategy} is Gatehouse's {@code redis}.
 */
public record ProxyCacheConfig(List<Integer> responseCode, List<String> requestMethod, List<String> contentType,
    int cacheTtl, String strategy, boolean cacheControl, @Nullable Boolean ignoreUriCase, @Nullable Integer storageTtl,
    Memory memory, @Nullable List<String> varyQueryParams, @Nullable List<String> varyHeaders,
    Headers responseHeaders, @Nullable RedisSettings redis) {

  /** Strategy {@code memory}. */
  public record Memory(String dictionaryName, long dictionarySize) {}

  /** Which diagnostic headers are sent. */
  public record Headers(boolean age, @com.fasterxml.jackson.annotation.JsonProperty("X-Cache-Status") boolean xCacheStatus,
      @com.fasterxml.jackson.annotation.JsonProperty("X-Cache-Key") boolean xCacheKey) {}
}
