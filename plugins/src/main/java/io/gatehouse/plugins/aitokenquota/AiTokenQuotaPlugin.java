package io.gatehouse.plugins.aitokenquota;

import io.gatehouse.plugins.limits.CounterStore;
import io.gatehouse.plugins.limits.CounterStores;
import io.gatehouse.plugins.limits.FaultTolerance;
import io.gatehouse.plugins.limits.Limit;
import io.gatehouse.plugins.limits.LimitSet;
import io.gatehouse.plugins.limits.Slot;
import io.gatehouse.plugins.limits.Window;
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
import java.util.ArrayList;
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
 * {@code X-AI-RateLimit-*} and {@code Retry-After} headers. Counters: {@code local} (this node) or
 * {@code redis} (every node), as rate-limiting's policies.
 */
@PluginInfo(name = "ai-token-quota", priority = 905)
public final class AiTokenQuotaPlugin implements PreparedPlugin<AiTokenQuotaPlugin.Config, AiTokenQuotaPlugin.Prepared> {
  private static final String STATE = "ai-token-quota.state";
  private static final String NO_LIMIT = "at least one of these fields must be non-empty: 'config.tokens_per_minute', "
      + "'config.tokens_per_hour', 'config.tokens_per_day'";

  public record Config(
      @Gt(0) @Nullable Long tokensPerMinute,
      @Gt(0) @Nullable Long tokensPerHour,
      @Gt(0) @Nullable Long tokensPerDay,
      @Default("consumer") @OneOf({"consumer", "credential", "ip"}) String limitBy,
      @Default("total_tokens") @OneOf({"total_tokens", "prompt_tokens", "completion_tokens"}) String tokensCountStrategy,
      @Default("local") @OneOf({"local", "redis"}) String policy,
      @Nullable RedisConfig redis,
      @Default("true") boolean faultTolerant,
      @Default("false") boolean hideClientHeaders) {}

  /** The bound config: the windows and where their counters live. */
  public record Prepared(Config config, LimitSet limits, CounterStore store) {}

  /** What access decided, for the header filter and the log phase. */
  private record State(Slot[] slots, long[] usage, long nowMillis) {}

  private final CounterStores stores = new CounterStores(System::currentTimeMillis);

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != Config.class) return EntityChecks.NONE;
    return EntityChecks.NONE
        .custom(List.of("config.tokens_per_minute", "config.tokens_per_hour", "config.tokens_per_day"),
            v -> v.get("config.tokens_per_minute") == null && v.get("config.tokens_per_hour") == null
                && v.get("config.tokens_per_day") == null ? NO_LIMIT : null);
  }

  @Override
  public Prepared prepare(Config c) {
    return prepare(c, new Instance(LimitSet.NO_ID, null, null, null));
  }

  @Override
  public Prepared prepare(Config c, Instance instance) {
    List<Limit> limits = new ArrayList<>();
    if (c.tokensPerMinute() != null) limits.add(Limit.of(Window.MINUTE, c.tokensPerMinute()));
    if (c.tokensPerHour() != null) limits.add(Limit.of(Window.HOUR, c.tokensPerHour()));
    if (c.tokensPerDay() != null) limits.add(Limit.of(Window.DAY, c.tokensPerDay()));
    if (limits.isEmpty()) throw new IllegalArgumentException(NO_LIMIT);
    CounterStore store = "redis".equals(c.policy())
        ? stores.redis(RedisConfig.settings(c.redis(), RedisConfig.Flat.NONE)) : stores.local();
    return new Prepared(c, new LimitSet(limits, false, "ai-token-quota:" + instance.pluginId()), store);
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    TokenUsage.require(ctx); // runs before ai-proxy (905 > 770): streamed answers get their tokens counted
    long now = stores.clock().getAsLong();
    Slot[] slots = p.limits().slots(identifier(ctx, p.config().limitBy()), now, "");
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
    Limit limit = p.limits().limits().get(exhausted);
    long retryAfter = reset(p, exhausted, s);
    Map<String, String> headers = p.config().hideClientHeaders() ? new LinkedHashMap<>() : headers(p, s);
    headers.put("Retry-After", Long.toString(retryAfter));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", "AI token quota exceeded");
    body.put("window", limit.window().period());
    body.put("limit", limit.max());
    body.put("used", s.usage()[exhausted]);
    body.put("retry_after", retryAfter);
    ctx.exit(429, body, headers);
  }

  private static long reset(Prepared p, int i, State s) {
    return p.limits().limits().get(i).window().resetSeconds(s.nowMillis());
  }

  /** {@code X-AI-RateLimit-Limit-<Window>}, {@code -Remaining-<Window>} (before this request) and {@code -Reset} (seconds). */
  private static Map<String, String> headers(Prepared p, State s) {
    Map<String, String> h = new LinkedHashMap<>();
    long reset = Long.MAX_VALUE;
    for (int i = 0; i < s.slots().length; i++) {
      Window w = p.limits().limits().get(i).window();
      h.put("X-AI-RateLimit-Limit-" + w.header(), Long.toString(s.slots()[i].limit()));
      h.put("X-AI-RateLimit-Remaining-" + w.header(), Long.toString(Math.max(0, s.slots()[i].limit() - s.usage()[i])));
      reset = Math.min(reset, w.resetSeconds(s.nowMillis()));
    }
    h.put("X-AI-RateLimit-Reset", Long.toString(reset));
    return h;
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    if (p.config().hideClientHeaders()) return;
    if (ctx.shared().get(STATE) instanceof State s) headers(p, s).forEach(ctx.responseHeaders()::set);
  }

  /** Counts the tokens the provider reported for this request in every window. */
  @Override
  public void log(LogPhase ctx, Prepared p) {
    TokenUsage usage = TokenUsage.of(ctx);
    if (usage == null || !(ctx.shared().get(STATE) instanceof State s)) return;
    long tokens = switch (p.config().tokensCountStrategy()) {
      case "prompt_tokens" -> usage.promptTokens();
      case "completion_tokens" -> usage.completionTokens();
      default -> usage.totalTokens();
    };
    if (tokens <= 0) return;
    long[] deltas = new long[s.slots().length];
    java.util.Arrays.fill(deltas, tokens);
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
