package io.gatehouse.plugins.responseratelimiting;

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
import io.gatehouse.plugins.limits.LimitSchema;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.redis.RedisSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/** response-ratelimiting: priority 900; access, header_filter and log. */
public final class ResponseRateLimitingPlugin implements Plugin<ResponseRateLimitingConfig> {
  private final CounterStores stores;

  public ResponseRateLimitingPlugin() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch millis deciding windows (tests inject one) */
  public ResponseRateLimitingPlugin(LongSupplier clock) {
    this.stores = new CounterStores(clock);
  }

  @Override
  public String name() {
    return "response-ratelimiting";
  }

  @Override
  public int priority() {
    return 900;
  }

  @Override
  public Field configSchema() {
    List<Field> fields = new ArrayList<>(List.of(
        Field.string("header_name").defaultValue("x-kong-limit").check(headerName()),
        Field.string("limit_by").defaultValue("consumer").oneOf("consumer", "credential", "ip"),
        Field.string("policy").defaultValue("local").oneOf("local", "cluster", "redis"),
        Field.bool("fault_tolerant").required().defaultValue(true),
        RedisSettings.schema(),
        Field.bool("block_on_first_violation").required().defaultValue(false),
        Field.bool("hide_client_headers").required().defaultValue(false),
        Field.map("limits", Field.string("name"), Field.record("limit", LimitSchema.periodFields())).required()));
    fields.addAll(List.of(RedisSettings.flatSchema()));
    return Field.record("config", fields.toArray(Field[]::new))
        .recordCheck(EntityCheck.custom(List.of("limits"), (c, errors) -> {
          JsonNode limits = c.path("limits");
          if (!limits.isObject() || limits.isEmpty()) {
            errors.field("limits", "required field missing");
            return;
          }
          for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            JsonNode l = it.next().getValue();
            if (!LimitSchema.anyPeriod(l)) {
              errors.entity("at least one of these fields must be non-empty: 'second', 'minute', 'hour', 'day', 'month', 'year'");
              return;
            }
            String order = LimitSchema.periodOrderError(l);
            if (order != null) {
              errors.entity(order);
              return;
            }
          }
        }))
        .recordCheck(LimitSchema.redisHostRequired());
  }

  @Override
  public Class<ResponseRateLimitingConfig> configType() {
    return ResponseRateLimitingConfig.class;
  }

  @Override
  public ResponseRateLimitingConfig bind(ObjectNode config) {
    return bind(config, new InstanceScope(LimitSet.NO_ID, null, null, null));
  }

  @Override
  public ResponseRateLimitingConfig bind(ObjectNode raw, InstanceScope scope) {
    ObjectNode config = raw.deepCopy();
    RedisSettings redis = LimitSchema.redis(config);
    String prefix = LimitSet.keyPrefix("response-ratelimit", Objects.requireNonNullElse(scope.routeId(), LimitSet.NO_ID),
        Objects.requireNonNullElse(scope.serviceId(), LimitSet.NO_ID));
    Map<String, LimitSet> limits = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.path("limits").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      limits.put(e.getKey().toLowerCase(Locale.ROOT), new LimitSet(LimitSchema.periodLimits(e.getValue()), false, prefix));
    }
    CounterStore store = switch (config.path("policy").asText("local")) {
      case "redis" -> stores.redis(redis);
      case "cluster" -> stores.cluster();
      default -> stores.local();
    };
    return new ResponseRateLimitingConfig(limits, config.path("header_name").asText("x-kong-limit"),
        config.path("limit_by").asText("consumer"), config.path("fault_tolerant").asBoolean(true),
        config.path("block_on_first_violation").asBoolean(false), config.path("hide_client_headers").asBoolean(false),
        store);
  }

  @Override
  public void start(PluginServices services) {
    stores.useShared(services);
  }

  @Override
  public PhaseHandler<ResponseRateLimitingConfig> handler(PluginSnapshot snapshot) {
    return new ResponseRateLimitingHandler(stores.clock());
  }
}
