package io.gatehouse.plugins.redis;

import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.Referenceable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Kong's shared {@code redis} config record ({@code kong/tools/redis/schema.lua}) as an SDK config
 * record: a plugin declares {@code @Nullable RedisConfig redis} and gets the schema
 * {@link RedisSettings#schema()} wrote by hand. {@link #settings} folds the deprecated flat
 * {@code redis_*} fields over it.
 *
 * @param timeout milliseconds: bounds connecting and every command
 */
public record RedisConfig(
    @Nullable String host,
    @Default("6379") @Between(min = 0, max = 65535) @Nullable Integer port,
    @Default("2000") @Between(min = 0, max = Integer.MAX_VALUE) @Nullable Integer timeout,
    @Referenceable @Nullable String username,
    @Referenceable @Nullable String password,
    @Default("0") @Nullable Integer database,
    @Default("false") boolean ssl,
    @Default("false") boolean sslVerify,
    @Nullable String serverName) {

  /** All defaults (no {@code redis} record in the config). */
  public static final RedisConfig DEFAULTS = new RedisConfig(null, null, null, null, null, null, false, false, null);

  public RedisConfig {
    port = Objects.requireNonNullElse(port, 6379);
    timeout = Objects.requireNonNullElse(timeout, 2000);
    database = Objects.requireNonNullElse(database, 0);
  }

  /**
   * The settings to connect with: this record, each field overridden by its flat {@code redis_*}
   * field when that one is set (Kong's shorthands), as {@link RedisSettings#foldFlatFields} did.
   */
  public static RedisSettings settings(@Nullable RedisConfig redis, Flat flat) {
    RedisConfig r = redis == null ? DEFAULTS : redis;
    return new RedisSettings(or(flat.host(), r.host), or(flat.port(), r.port), or(flat.timeout(), r.timeout),
        or(flat.username(), r.username), or(flat.password(), r.password), or(flat.database(), r.database),
        or(flat.ssl(), r.ssl), or(flat.sslVerify(), r.sslVerify), or(flat.serverName(), r.serverName));
  }

  /** The settings to connect with, for a plugin without the flat {@code redis_*} fields (proxy-cache). */
  public RedisSettings settings() {
    return settings(this, Flat.NONE);
  }

  /** The deprecated flat fields, as the plugin's config record has them. */
  public record Flat(@Nullable String host, @Nullable Integer port, @Nullable Integer timeout,
      @Nullable String username, @Nullable String password, @Nullable Integer database, @Nullable Boolean ssl,
      @Nullable Boolean sslVerify, @Nullable String serverName) {
    /** None set. */
    public static final Flat NONE = new Flat(null, null, null, null, null, null, null, null, null);
  }

  private static <T> T or(@Nullable T flat, T value) {
    return flat != null ? flat : value;
  }

  /** Kong's {@code conditional}: policy {@code redis} needs {@code redis.host} (or {@code redis_host}). */
  public static void hostRequired(java.util.Map<String, @Nullable Object> config,
      io.gatehouse.sdk.EntityChecks.Report report) {
    boolean host = config.get("redis") instanceof java.util.Map<?, ?> r && r.get("host") instanceof String
        || config.get("redis_host") instanceof String;
    if ("redis".equals(config.get("policy")) && !host) {
      report.entity("failed conditional validation given value of field 'policy'");
      report.field("redis", "host: required field missing");
    }
  }
}
