package io.gatehouse.plugins.proxycache;

import io.gatehouse.plugins.redis.RedisSettings;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Description;
import io.gatehouse.sdk.Len;
import io.gatehouse.sdk.Name;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Referenceable;
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
    @Nullable Redis redis) {

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

  /** Kong's shared {@code redis} record ({@code kong/tools/redis/schema.lua}), as {@link RedisSettings#schema()}. */
  public record Redis(
      @Nullable String host,
      @Default("6379") @Between(min = 0, max = 65535) @Nullable Integer port,
      @Default("2000") @Between(min = 0, max = Integer.MAX_VALUE) @Nullable Integer timeout,
      @Referenceable @Nullable String username,
      @Referenceable @Nullable String password,
      @Default("0") @Nullable Integer database,
      @Default("false") boolean ssl,
      @Default("false") boolean sslVerify,
      @Nullable String serverName) {

    /** The settings to connect with (the redis store's identity). */
    RedisSettings settings() {
      return new RedisSettings(host, Objects.requireNonNullElse(port, 6379), Objects.requireNonNullElse(timeout, 2000),
          username, password, Objects.requireNonNullElse(database, 0), ssl, sslVerify, serverName);
    }
  }
}
