package io.gatehouse.plugins.proxycache;

import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.Name;
import io.gatehouse.sdk.OneOf;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * proxy-cache's config (reference plugins §17). {@code memory.dictionary_size} is Gatehouse's: the
 * byte bound of the named dictionary (nginx sizes shared dicts in its config instead); {@code redis}
 * (Kong's shared redis record) is read when {@code strategy} is Gatehouse's {@code redis}. Fields
 * Kong does not require are normalised to their defaults here, so the phases see no nulls.
 */
public record ProxyCacheConfig(
    @Default({"200", "301", "404"}) @Len(min = 1) List<@Between(min = 100, max = 900) Integer> responseCode,
    @Default({"GET", "HEAD"}) List<@OneOf({"HEAD", "GET", "POST", "PATCH", "PUT"}) String> requestMethod,
    @Default({"text/plain", "application/json"}) List<String> contentType,
    @Default("300") @Between(min = 1, max = Integer.MAX_VALUE) @Nullable Integer cacheTtl,
    @OneOf({"memory", "redis"}) @Description("Gatehouse adds redis: one cache shared by every node") String strategy,
    @Default("false") boolean cacheControl,
    @Default("false") @Nullable Boolean ignoreUriCase,
    @Nullable Integer storageTtl,
    Memory memory,
    @Nullable List<String> varyQueryParams,
    @Nullable List<String> varyHeaders,
    @Nullable Headers responseHeaders,
    @Nullable RedisConfig redis) {

  public ProxyCacheConfig {
    cacheTtl = Objects.requireNonNullElse(cacheTtl, 300);
    responseHeaders = Objects.requireNonNullElse(responseHeaders, new Headers(true, true, true));
  }

  /** Strategy {@code memory}. */
  public record Memory(@Default("kong_db_cache") String dictionaryName,
      @Default("134217728") @Between(min = 1024, max = Long.MAX_VALUE)
      @Description("Gatehouse: the byte bound of this dictionary") @Nullable Long dictionarySize) {
    public Memory {
      dictionarySize = Objects.requireNonNullElse(dictionarySize, ProxyCachePlugin.DEFAULT_DICTIONARY_BYTES);
    }
  }

  /** Which diagnostic headers are sent. */
  public record Headers(@Default("true") boolean age, @Name("X-Cache-Status") @Default("true") boolean xCacheStatus,
      @Name("X-Cache-Key") @Default("true") boolean xCacheKey) {}
}
