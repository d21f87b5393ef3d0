package io.gatehouse.plugins.ratelimiting;

import static io.gatehouse.core.entity.Typedefs.headerName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.schema.EntityCheck;
import io.gatehouse.core.schema.Field;
import io.gatehouse.plugin.InstanceScope;
import io.gatehouse.plugin.PhaseHandler;
import io.gatehouse.plugin.Plugin;
import io.gatehouse.plugin.PluginServices;
import io.gatehouse.plugin.PluginSnapshot;
import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.CounterStores;
import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LimitSchema;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.redis.RedisSettings;
import io.gatehouse.plugins.limits.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * rate-limiting: priority 910, access (headers reach proxied responses through header_filter).
 * Beyond Kong OSS: {@code strategy = sliding-window} and extra {@code limits} of any window size.
 */
public final class RateLimitingPlugin implements Plugin<RateLimitingConfig> {
  static final List<String> POLICIES = List.of("local", "cluster", "redis");

  private final CounterStores stores;

  public RateLimitingPlugin() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch millis deciding windows (tests inject one) */
  public RateLimitingPlugin(LongSupplier clock) {
    this.stores = new CounterStores(clock);
  }

  @Override
  public String name() {
    return "rate-limiting";
  }

  @Override
  public int priority() {
    return 910;
  }

  @Override
  public Field configSchema() {
    List<Field> fields = new ArrayList<>(List.of(LimitSchema.periodFields()));
    fields.addAll(List.of(
        Field.string("limit_by").defaultValue("consumer")
            .oneOf("consumer", "credential", "ip", "service", "header", "path"),
        Field.string("header_name").check(headerName()),
        Field.string("path").check(v -> v.asText().startsWith("/") ? null : "should start with: /"),
        Field.string("policy").defaultValue("local").oneOf(POLICIES.toArray()),
        Field.bool("fault_tolerant").required().defaultValue(true),
        RedisSettings.schema(),
        Field.bool("hide_client_headers").required().defaultValue(false),
        Field.number("error_code").defaultValue(429).check(v -> v.asDouble() > 0 ? null : "value must be greater than 0"),
        Field.string("error_message").defaultValue("API rate limit exceeded"),
        Field.number("sync_rate").required().defaultValue(-1),
        // Gatehouse: sliding windows and limits of any window size (Kong EE rate-limiting-advanced)
        Field.string("strategy").required().defaultValue("fixed-window").oneOf("fixed-window", "sliding-window"),
        Field.array("limits", Field.record("limit",
            Field.number("limit").required().check(v -> v.asDouble() > 0 ? null : "value must be greater than 0"),
            Field.integer("window_size").required().between(1, 31536000)))));
    fields.addAll(List.of(RedisSettings.flatSchema()));
    return Field.record("config", fields.toArray(Field[]::new))
        .recordCheck(EntityCheck.custom(List.of("second", "minute", "hour", "day", "month", "year", "limits"), (c, errors) -> {
          if (!LimitSchema.anyPeriod(c) && (c.path("limits").isMissingNode() || c.path("limits").isEmpty())) {
            errors.entity("at least one of these fields must be non-empty: 'second', 'minute', 'hour', 'day', 'month', 'year'");
            return;
          }
          String order = LimitSchema.periodOrderError(c);
          if (order != null) {
            errors.entity(order);
          }
        }))
        .recordCheck(EntityCheck.conditional("limit_by", v -> "header".equals(v == null ? null : v.asText()),
            "header_name", v -> v != null && !v.isNull(), "required field missing"))
        .recordCheck(EntityCheck.conditional("limit_by", v -> "path".equals(v == null ? null : v.asText()),
            "path", v -> v != null && !v.isNull(), "required field missing"))
        .recordCheck(LimitSchema.redisHostRequired())
        .recordCheck(EntityCheck.custom(List.of("sync_rate", "policy", "strategy"), (c, errors) -> {
          double sync = c.path("sync_rate").asDouble(-1);
          String policy = c.path("policy").asText("local");
          if (sync != -1 && !"redis".equals(policy)) {
            errors.entity("sync_rate can only be used with the redis policy");
          } else if (sync != -1 && sync < 0.02) {
            errors.entity("sync_rate must be greater than 0.02, or -1 to disable");
          }
          if ("sliding-window".equals(c.path("strategy").asText()) && "cluster".equals(policy)) {
            errors.entity("strategy sliding-window can only be used with the local and redis policies");
          }
        }));
  }

  @Override
  public Class<RateLimitingConfig> configType() {
    return RateLimitingConfig.class;
  }

  @Override
  public RateLimitingConfig bind(ObjectNode config) {
    return bind(config, new InstanceScope(LimitSet.NO_ID, null, null, null));
  }

  @Override
  public RateLimitingConfig bind(ObjectNode raw, InstanceScope scope) {
    ObjectNode config = raw.deepCopy();
    RedisSettings redis = LimitSchema.redis(config);
    List<Limit> limits = new ArrayList<>(LimitSchema.periodLimits(config));
    for (JsonNode l : config.path("limits")) {
      limits.add(Limit.of(Window.ofSeconds(l.path("window_size").asLong()), l.path("limit").asDouble()));
    }
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("no limit configured");
    }
    String prefix = LimitSet.keyPrefix("ratelimit", Objects.requireNonNullElse(scope.routeId(), LimitSet.NO_ID),
        Objects.requireNonNullElse(scope.serviceId(), LimitSet.NO_ID));
    boolean sliding = "sliding-window".equals(config.path("strategy").asText());
    String policy = config.path("policy").asText("local");
    CounterStore store = switch (policy) {
      case "redis" -> stores.redis(redis, config.path("sync_rate").asDouble(-1));
      case "cluster" -> stores.cluster();
      default -> stores.local();
    };
    return new RateLimitingConfig(new LimitSet(LimitSet.lowestPerWindow(limits), sliding, prefix), config.path("limit_by").asText("consumer"),
        text(config, "header_name"), text(config, "path"), config.path("fault_tolerant").asBoolean(true),
        config.path("hide_client_headers").asBoolean(false), config.path("error_code").asInt(429),
        config.path("error_message").asText("API rate limit exceeded"), store);
  }

  private static @org.jspecify.annotations.Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public void start(PluginServices services) {
    stores.useShared(services);
  }

  @Override
  public PhaseHandler<RateLimitingConfig> handler(PluginSnapshot snapshot) {
    return new RateLimitingHandler(stores.clock());
  }
}
