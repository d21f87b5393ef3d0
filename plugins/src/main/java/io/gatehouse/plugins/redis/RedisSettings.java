package io.gatehouse.plugins.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.Field;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Kong's shared {@code redis} record ({@code kong/tools/redis/schema.lua}) for the limiting
 * plugins, plus the deprecated flat {@code redis_*} fields that still set it.
 *
 * @param timeout milliseconds: bounds connecting and every command
 */
public record RedisSettings(
    @Nullable String host,
    int port,
    int timeout,
    @Nullable String username,
    @Nullable String password,
    int database,
    boolean ssl,
    boolean sslVerify,
    @Nullable String serverName) {

  /** The flat fields Kong 3.x still accepts, mapped to the record's fields. */
  private static final String[][] FLAT = {
      {"redis_host", "host"}, {"redis_port", "port"}, {"redis_timeout", "timeout"},
      {"redis_username", "username"}, {"redis_password", "password"}, {"redis_database", "database"},
      {"redis_ssl", "ssl"}, {"redis_ssl_verify", "ssl_verify"}, {"redis_server_name", "server_name"}};

  /** The {@code redis} record field. */
  public static Field schema() {
    return Field.record("redis",
        Field.string("host"),
        Field.integer("port").defaultValue(6379).between(0, 65535),
        Field.integer("timeout").defaultValue(2000).between(0, Integer.MAX_VALUE),
        Field.string("username").referenceable(),
        Field.string("password").referenceable(),
        Field.integer("database").defaultValue(0),
        Field.bool("ssl").required().defaultValue(false),
        Field.bool("ssl_verify").required().defaultValue(false),
        Field.string("server_name"));
  }

  /** The deprecated flat fields, declared so that input carrying them validates. */
  public static Field[] flatSchema() {
    return new Field[] {
        Field.string("redis_host"), Field.integer("redis_port").between(0, 65535),
        Field.integer("redis_timeout").between(0, Integer.MAX_VALUE), Field.string("redis_username"),
        Field.string("redis_password"), Field.integer("redis_database"), Field.bool("redis_ssl"),
        Field.bool("redis_ssl_verify"), Field.string("redis_server_name")};
  }

  /**
   * Copies set flat {@code redis_*} fields into the {@code redis} record (Kong's shorthands) and
   * removes them, in place; call before binding.
   */
  public static void foldFlatFields(ObjectNode config) {
    JsonNode r = config.get("redis");
    ObjectNode redis = r instanceof ObjectNode o ? o : config.putObject("redis");
    for (String[] pair : FLAT) {
      JsonNode v = config.remove(pair[0]);
      if (v != null && !v.isNull()) {
        redis.set(pair[1], v);
      }
    }
  }

  /** Reads the bound {@code redis} record; host must be set for the redis policy. */
  public static RedisSettings from(JsonNode redis) {
    Objects.requireNonNull(redis, "redis");
    return new RedisSettings(text(redis, "host"), redis.path("port").asInt(6379),
        redis.path("timeout").asInt(2000), text(redis, "username"), text(redis, "password"),
        redis.path("database").asInt(0), redis.path("ssl").asBoolean(false),
        redis.path("ssl_verify").asBoolean(false), text(redis, "server_name"));
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
