package io.gatehouse.plugins.responseratelimiting;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.CounterStores;
import io.gatehouse.plugins.limits.LimitSchema;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** response-ratelimiting: priority 900; access, header_filter and log. */
@PluginInfo(name = "response-ratelimiting", priority = 900)
public final class ResponseRateLimitingPlugin
    implements PreparedPlugin<ResponseRateLimitingSettings, ResponseRateLimitingConfig> {
  private final CounterStores stores;
  private final ResponseRateLimitingHandler handler;

  public ResponseRateLimitingPlugin() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch millis deciding windows (tests inject one) */
  public ResponseRateLimitingPlugin(LongSupplier clock) {
    this.stores = new CounterStores(clock);
    this.handler = new ResponseRateLimitingHandler(clock);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != ResponseRateLimitingSettings.class) {
      return EntityChecks.NONE;
    }
    return EntityChecks.NONE
        .reporting(List.of("limits"), (c, report) -> {
          if (!(c.get("limits") instanceof Map<?, ?> limits) || limits.isEmpty()) {
            report.field("limits", "required field missing");
            return;
          }
          for (Object l : limits.values()) {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> periods = l instanceof Map<?, ?> m ? (Map<String, @Nullable Object>) m : Map.of();
            String error = LimitSchema.anyPeriod(periods) ? LimitSchema.periodOrderError(periods) : LimitSchema.NO_PERIOD;
            if (error != null) {
              report.entity(error);
              return;
            }
          }
        })
        .reporting(List.of("policy", "redis"), RedisConfig::hostRequired);
  }

  @Override
  public ResponseRateLimitingConfig prepare(ResponseRateLimitingSettings config) {
    return prepare(config, new Instance(LimitSet.NO_ID, null, null, null));
  }

  @Override
  public ResponseRateLimitingConfig prepare(ResponseRateLimitingSettings c, Instance instance) {
    String prefix = LimitSet.keyPrefix("response-ratelimit", Objects.requireNonNullElse(instance.routeId(), LimitSet.NO_ID),
        Objects.requireNonNullElse(instance.serviceId(), LimitSet.NO_ID));
    Map<String, LimitSet> limits = new LinkedHashMap<>();
    c.limits().forEach((name, periods) ->
        limits.put(name.toLowerCase(Locale.ROOT), new LimitSet(periods.limits(), false, prefix)));
    CounterStore store = switch (Objects.requireNonNullElse(c.policy(), "local")) {
      case "redis" -> stores.redis(RedisConfig.settings(c.redis(), c.flatRedis()));
      case "cluster" -> stores.cluster();
      default -> stores.local();
    };
    return new ResponseRateLimitingConfig(limits, Objects.requireNonNullElse(c.headerName(), "x-kong-limit"),
        Objects.requireNonNullElse(c.limitBy(), "consumer"), c.faultTolerant(), c.blockOnFirstViolation(),
        c.hideClientHeaders(), store);
  }

  @Override
  public void start(NodeServices services) {
    stores.useShared(services);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, ResponseRateLimitingConfig config) {
    return handler.accessAsync(ctx, config);
  }

  @Override
  public void resume(AccessPhase ctx, ResponseRateLimitingConfig config, @Nullable Object result) {
    handler.resume(ctx, config, result);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, ResponseRateLimitingConfig config) {
    handler.headerFilter(ctx, config);
  }

  @Override
  public void log(LogPhase ctx, ResponseRateLimitingConfig config) {
    handler.log(ctx, config);
  }
}
