package io.gatehouse.plugins.ratelimiting;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.CounterStores;
import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LimitSchema;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.limits.Window;
import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * rate-limiting: priority 910, access (headers reach proxied responses through header_filter).
 * Beyond Kong OSS: {@code strategy = sliding-window} and extra {@code limits} of any window size.
 */
@PluginInfo(name = "rate-limiting", priority = 910)
public final class RateLimitingPlugin implements PreparedPlugin<RateLimitingSettings, RateLimitingConfig> {
  private final CounterStores stores;
  private final RateLimitingHandler handler;

  public RateLimitingPlugin() {
    this(System::currentTimeMillis);
  }

  /** @param clock epoch millis deciding windows (tests inject one) */
  public RateLimitingPlugin(LongSupplier clock) {
    this.stores = new CounterStores(clock);
    this.handler = new RateLimitingHandler(clock);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != RateLimitingSettings.class) {
      return EntityChecks.NONE;
    }
    List<String> periods = new ArrayList<>(LimitSchema.PERIODS);
    periods.add("limits");
    return EntityChecks.NONE
        .custom(periods, c -> {
          if (!LimitSchema.anyPeriod(c) && !(c.get("limits") instanceof List<?> l && !l.isEmpty())) {
            return LimitSchema.NO_PERIOD;
          }
          return LimitSchema.periodOrderError(c);
        })
        .requiredIf("limit_by", "header"::equals, "header_name")
        .requiredIf("limit_by", "path"::equals, "path")
        .reporting(List.of("policy", "redis"), RedisConfig::hostRequired)
        .reporting(List.of("sync_rate", "policy", "strategy"), (c, report) -> {
          double sync = c.get("sync_rate") instanceof Number n ? n.doubleValue() : -1;
          Object policy = Objects.requireNonNullElse(c.get("policy"), "local");
          if (sync != -1 && !"redis".equals(policy)) {
            report.entity("sync_rate can only be used with the redis policy");
          } else if (sync != -1 && sync < 0.02) {
            report.entity("sync_rate must be greater than 0.02, or -1 to disable");
          }
          if ("sliding-window".equals(c.get("strategy")) && "cluster".equals(policy)) {
            report.entity("strategy sliding-window can only be used with the local and redis policies");
          }
        });
  }

  @Override
  public RateLimitingConfig prepare(RateLimitingSettings config) {
    return prepare(config, new Instance(LimitSet.NO_ID, null, null, null));
  }

  @Override
  public RateLimitingConfig prepare(RateLimitingSettings c, Instance instance) {
    List<Limit> limits = new ArrayList<>(LimitSchema.periodLimits(c.second(), c.minute(), c.hour(), c.day(),
        c.month(), c.year()));
    for (RateLimitingSettings.WindowLimit l : c.limits() == null ? List.<RateLimitingSettings.WindowLimit>of() : c.limits()) {
      limits.add(Limit.of(Window.ofSeconds(l.windowSize()), l.limit()));
    }
    if (limits.isEmpty()) {
      throw new IllegalArgumentException("no limit configured");
    }
    String prefix = LimitSet.keyPrefix("ratelimit", Objects.requireNonNullElse(instance.routeId(), LimitSet.NO_ID),
        Objects.requireNonNullElse(instance.serviceId(), LimitSet.NO_ID));
    CounterStore store = switch (Objects.requireNonNullElse(c.policy(), "local")) {
      case "redis" -> stores.redis(RedisConfig.settings(c.redis(), c.flatRedis()), c.syncRate());
      case "cluster" -> stores.cluster();
      default -> stores.local();
    };
    return new RateLimitingConfig(
        new LimitSet(LimitSet.lowestPerWindow(limits), "sliding-window".equals(c.strategy()), prefix),
        Objects.requireNonNullElse(c.limitBy(), "consumer"), c.headerName(), c.path(), c.faultTolerant(),
        c.hideClientHeaders(), c.errorCode() == null ? 429 : c.errorCode().intValue(),
        Objects.requireNonNullElse(c.errorMessage(), "API rate limit exceeded"), store);
  }

  @Override
  public void start(NodeServices services) {
    stores.useShared(services);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, RateLimitingConfig config) {
    return handler.accessAsync(ctx, config);
  }

  @Override
  public void resume(AccessPhase ctx, RateLimitingConfig config, @Nullable Object result) {
    handler.resume(ctx, config, result);
  }

  @Override
  public void headerFilter(HeaderPhase ctx, RateLimitingConfig config) {
    handler.headerFilter(ctx, config);
  }
}
