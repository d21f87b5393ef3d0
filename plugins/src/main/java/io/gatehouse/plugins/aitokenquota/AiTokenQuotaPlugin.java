package io.gatehouse.plugins.aitokenquota;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.CounterStores;
import io.gatehouse.plugins.limits.FaultTolerance;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.limits.Slot;
import io.gatehouse.plugins.llm.TokenUsage;
import io.gatehouse.plugins.redis.RedisConfig;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.Phase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code ai-token-quota} (beyond Kong OSS): how many model tokens a consumer (or credential, or
 * client IP) may use per minute, hour and day, counted from the usage the provider reported for
 * each ai-proxy / ai-proxy-advanced call. A request is let through while every window has tokens
 * left (its own size is known only once answered, so the last request of a window may overshoot);
 * once a window is used up the request gets {@code 429} with a JSON body naming the window and
 * {@code X-AI-RateLimit-*} and {@code Retry-After} headers. A cost budget per hour, day and month
 * works the same way on each call's cost (the model's {@code input_cost}/{@code output_cost}), with
 * {@code X-AI-Cost-*} headers. Counters: {@code local} (this node) or {@code redis} (every node), as
 * rate-limiting's policies.
 */
@PluginInfo(name = "ai-token-quota", priority = 905)
public final class AiTokenQuotaPlugin implements PreparedPlugin<AiTokenQuotaPlugin.Config, AiTokenQuotaPlugin.Prepared> {
  private static final String STATE = "ai-token-quota.state";
  private static final List<String> FIELDS = List.of("config.tokens_per_minute", "config.tokens_per_hour",
      "config.tokens_per_day", "config.cost_per_hour", "config.cost_per_day", "config.cost_per_month");
  private static final String NO_LIMIT = "at least one of these fields must be non-empty: "
      + String.join(", ", FIELDS.stream().map(f -> "'" + f + "'").toList());

  public record Config(
      @Gt(0) @Nullable Long tokensPerMinute,
      @Gt(0) @Nullable Long tokensPerHour,
      @Gt(0) @Nullable Long tokensPerDay,
      @Gt(0) @Nullable Double costPerHour,
      @Gt(0) @Nullable Double costPerDay,
      @Gt(0) @Nullable Double costPerMonth,
      @Default("consumer") @OneOf({"consumer", "credential", "ip"}) String limitBy,
      @Default("total_tokens") @OneOf({"total_tokens", "prompt_tokens", "completion_tokens"}) String tokensCountStrategy,
      @Default("local") @OneOf({"local", "redis"}) String policy,
      @Nullable RedisConfig redis,
      @Default("true") boolean faultTolerant,
      @Default("false") boolean hideClientHeaders) {}

  /** The bound config: the windows and where their counters live. */
  public record Prepared(Config config, Quotas quotas, CounterStore store) {}

  /** What access decided, for the header filter and the log phase. */
  private record State(Slot[] slots, long[] usage, long nowMillis) {}

  private final CounterStores stores = new CounterStores(System::currentTimeMillis);

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != Config.class) return EntityChecks.NONE;
    return EntityChecks.NONE
        .custom(FIELDS, v -> FIELDS.stream().allMatch(f -> v.get(f) == null) ? NO_LIMIT : null);
  }

  @Override
  public Prepared prepare(Config c) {
    return prepare(c, new Instance(LimitSet.NO_ID, null, null, null));
  }

  @Override
  public Prepared prepare(Config c, Instance instance) {
    Quotas quotas = Quotas.of(c, "ai-token-quota:" + instance.pluginId());
    if (quotas.isEmpty()) throw new IllegalArgumentException(NO_LIMIT);
    CounterStore store = "redis".equals(c.policy())
        ? stores.redis(RedisConfig.settings(c.redis(), RedisConfig.Flat.NONE)) : stores.local();
    return new Prepared(c, quotas, store);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    TokenUsage.require(ctx); // runs before ai-proxy (905 > 770): streamed answers get their tokens counted
    long now = stores.clock().getAsLong();
    Slot[] slots = p.quotas().slots(identifier(ctx, p.config().limitBy()), now);
    return FaultTolerance.apply(p.store().usage(slots), p.config().faultTolerant(), "ai-token-quota")
        .thenApply(usage -> usage == null ? null : new State(slots, usage, now));
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (!(result instanceof State s)) return; // the store failed and fault_tolerant lets the request through
    ctx.shared().put(STATE, s);
    int exhausted = -1;
    for (int i = 0; i < s.slots().length; i++) {
      if (s.usage()[i] >= s.slots()[i].limit() && (exhausted < 0 || reset(p, i, s) > reset(p, exhausted, s))) exhausted = i;
    }
    if (exhausted < 0) return;
    Measure measure = p.quotas().measure(exhausted);
    long retryAfter = reset(p, exhausted, s);
    Map<String, String> headers = p.config().hideClientHeaders() ? new LinkedHashMap<>() : headers(p, s);
    headers.put("Retry-After", Long.toString(retryAfter));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", measure.exceeded);
    body.put("window", p.quotas().window(exhausted).period());
    body.put("limit", measure.show(s.slots()[exhausted].limit()));
    body.put("used", measure.show(s.usage()[exhausted]));
    body.put("retry_after", retryAfter);
    ctx.exit(429, body, headers);
  }

  private static long reset(Prepared p, int i, State s) {
    return p.quotas().resetSeconds(i, s.nowMillis());
  }

  /**
   * Per window {@code X-AI-RateLimit-Limit-<Window>} and {@code -Remaining-<Window>} (before this
   * request; {@code X-AI-Cost-…} for cost), and per measure {@code -Reset}: seconds to the end of its
   * shortest window.
   */
  private static Map<String, String> headers(Prepared p, State s) {
    Map<String, String> h = new LinkedHashMap<>();
    Map<Measure, Long> resets = new java.util.EnumMap<>(Measure.class);
    for (int i = 0; i < s.slots().length; i++) {
      Measure m = p.quotas().measure(i);
      String window = p.quotas().window(i).header();
      h.put(m.headerPrefix + "-Limit-" + window, m.text(s.slots()[i].limit()));
      h.put(m.headerPrefix + "-Remaining-" + window, m.text(Math.max(0, s.slots()[i].limit() - s.usage()[i])));
      resets.merge(m, reset(p, i, s), Math::min);
    }
    resets.forEach((m, reset) -> h.put(m.headerPrefix + "-Reset", Long.toString(reset)));
    return h;
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    if (p.config().hideClientHeaders()) return;
    if (ctx.shared().get(STATE) instanceof State s) headers(p, s).forEach(ctx.responseHeaders()::set);
  }

  /** Counts the tokens the provider reported for this request, and their cost, in every window. */
  @Override
  public void log(LogPhase ctx, Prepared p) {
    TokenUsage usage = TokenUsage.of(ctx);
    if (usage == null || !(ctx.shared().get(STATE) instanceof State s)) return;
    long tokens = switch (p.config().tokensCountStrategy()) {
      case "prompt_tokens" -> usage.promptTokens();
      case "completion_tokens" -> usage.completionTokens();
      default -> usage.totalTokens();
    };
    long cost = Measure.costCount(usage.cost());
    if (tokens <= 0 && cost <= 0) return;
    long[] deltas = new long[s.slots().length];
    for (int i = 0; i < deltas.length; i++) deltas[i] = p.quotas().measure(i) == Measure.TOKENS ? tokens : cost;
    p.store().add(s.slots(), deltas);
  }

  /** The counted identity: the consumer (else the credential), the credential, or the client IP as fallback. */
  private static String identifier(Phase ctx, String limitBy) {
    String id = switch (limitBy) {
      case "consumer" -> ctx.consumer() != null ? ctx.consumer().id()
          : ctx.credential() != null ? ctx.credential().id() : null;
      case "credential" -> ctx.credential() != null ? ctx.credential().id() : null;
      default -> null;
    };
    return id != null ? id : ctx.request().forwardedIp();
  }
}
