package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.LlmChecks;
import io.gatehouse.plugins.llm.LlmClient;
import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.plugins.llm.SharedRequest;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.BodyPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code ai-proxy-advanced} (beyond Kong OSS; the shape of Kong Enterprise's plugin of that name):
 * ai-proxy in front of several model targets, possibly of different providers. The balancer
 * ({@code round-robin} by weight, {@code lowest-latency}, {@code priority}) orders the targets per
 * request. A whole answer is fetched by the gateway itself, trying the next target when a try fails
 * by {@code failover_criteria} (429, 5xx, timeouts, connection errors), and answered translated; a
 * streamed request fails over the same way until a target's stream sent its first bytes, then that
 * stream goes to the client translated event by event ({@link StreamedFailover}, through
 * {@code exitStreaming}). Logging, metrics, quotas and {@code /ai/usage} see the target that
 * answered, exactly as for ai-proxy.
 */
@PluginInfo(name = "ai-proxy-advanced", priority = 770)
public final class AiProxyAdvancedPlugin
    implements PreparedPlugin<AiProxyAdvancedConfig, AiProxyAdvancedPlugin.Prepared> {
  private static final String CHOSEN = "ai-proxy-advanced.target";
  private static final String FAILOVERS = "ai-proxy-advanced.failovers";

  private final AiProxyPlugin proxy = new AiProxyPlugin();

  /** The config with one prepared ai-proxy per target, the balancer and the failover client. */
  public record Prepared(AiProxyAdvancedConfig config, List<AiProxyPlugin.Prepared> targets, TargetBalancer balancer,
      Set<String> criteria, LlmClient client, boolean namedModels) {}

  @Override
  public Prepared prepare(AiProxyAdvancedConfig c) {
    List<AiProxyPlugin.Prepared> targets = new ArrayList<>();
    int[] weights = new int[c.targets().size()];
    boolean named = true;
    for (int i = 0; i < weights.length; i++) {
      AiProxyAdvancedConfig.Target t = c.targets().get(i);
      targets.add(proxy.prepare(c.proxyConfig(t)));
      weights[i] = t.weight();
      named &= t.model().name() != null;
    }
    AiProxyAdvancedConfig.Balancer b = c.balancer();
    return new Prepared(c, List.copyOf(targets), new TargetBalancer(TargetBalancer.Algorithm.of(b.algorithm()), weights),
        Set.copyOf(b.failoverCriteria()), LlmClient.shared(b.connectTimeout(), true, null, null), named);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type == AiProxyAdvancedConfig.Target.class) return LlmChecks.llm();
    if (type == LlmConfig.GeminiOptions.class) return LlmChecks.gemini();
    return EntityChecks.NONE;
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    return true;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    int limit = p.config().maxRequestBodySize() == null ? 8192 : p.config().maxRequestBodySize();
    // every target names its model: the client's own "model" would only clash with all but one
    Map<String, @Nullable Object> body = SharedRequest.get(ctx, limit);
    if (p.namedModels() && body.containsKey("model")) body.remove("model");
    int[] order = p.balancer().order();
    int tries = Math.min(order.length, p.config().balancer().retries() + 1);
    List<FailoverCall.Try> planned = new ArrayList<>();
    boolean stream = false;
    for (int i = 0; i < tries; i++) {
      AiProxyPlugin.Prepared target = p.targets().get(order[i]);
      ProviderRequest plan = RequestPreparation.plan(ctx, target);
      if (plan == null) return null; // refused with Kong's answer
      stream |= plan.call().stream;
      planned.add(new FailoverCall.Try(order[i], target, plan));
    }
    byte[] raw = ctx.requestBody() == null ? new byte[0] : ctx.requestBody().bytes();
    Duration timeout = Duration.ofMillis(p.config().balancer().readTimeout());
    if (stream) {
      // decided once per request, as ai-proxy does: events are read for their text only when the usage is read
      boolean counted = io.gatehouse.plugins.llm.TokenUsage.required(ctx);
      return new StreamedFailover(planned, p.client(), timeout, p.criteria(), p.balancer(), raw,
          (t, type) -> translation(t, counted, type)).run();
    }
    return new FailoverCall(planned, p.client(), timeout, p.criteria(), p.balancer(), raw).run();
  }

  /** ai-proxy's event-by-event translation of a target's stream, counting tokens when someone reads them. */
  private static ResponseTranslation translation(FailoverCall.Try t, boolean required, @Nullable String contentType) {
    LlmConfig.Logging logging = t.proxy().config().logging();
    return new ResponseTranslation(t.plan().call(), ResponseTranslation.Mode.STREAM,
        logging.logStatistics() || required, logging.logPayloads(), List.of(), contentType);
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (result instanceof StreamedFailover.Streaming s) {
      answered(ctx, s.by(), s.failovers());
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "text/event-stream");
      modelHeader(p, s.by().plan().call(), headers);
      ctx.exitStreaming(200, s.stream(), headers);
      return;
    }
    if (!(result instanceof FailoverCall.Outcome o)) {
      ctx.exit(500, Map.of("error", Map.of("message", "LLM request failed before proxying")), Map.of());
      return;
    }
    answered(ctx, o.by(), o.failovers());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", o.contentType());
    if (o.status() == 200) modelHeader(p, o.by().plan().call(), headers);
    ctx.exit(o.status(), o.body(), headers);
  }

  /** The target that answered, for the later phases, and the tries that failed over, for the log. */
  private static void answered(AccessPhase ctx, FailoverCall.Try by, List<Map<String, Object>> failovers) {
    ctx.shared().put(CHOSEN, by.proxy());
    RequestPreparation.publish(ctx, by.plan().call());
    if (!failovers.isEmpty()) ctx.shared().put(FAILOVERS, List.copyOf(failovers));
  }

  private static void modelHeader(Prepared p, LlmCall call, Map<String, String> headers) {
    if (!Boolean.FALSE.equals(p.config().modelNameHeader()) && call.model.name() != null) {
      headers.put("X-Kong-LLM-Model", call.model.provider() + "/" + call.model.name());
    }
  }

  private static AiProxyPlugin.@Nullable Prepared chosen(io.gatehouse.sdk.Phase ctx) {
    return ctx.shared().get(CHOSEN) instanceof AiProxyPlugin.Prepared t ? t : null;
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    AiProxyPlugin.Prepared t = chosen(ctx);
    if (t != null) proxy.headerFilter(ctx, t);
  }

  @Override
  public boolean filtersBody(HeaderPhase ctx, Prepared p) {
    AiProxyPlugin.Prepared t = chosen(ctx);
    return t != null && proxy.filtersBody(ctx, t);
  }

  @Override
  public byte[] bodyFilter(BodyPhase ctx, Prepared p, byte[] chunk, boolean last) {
    AiProxyPlugin.Prepared t = chosen(ctx);
    return t == null ? chunk : proxy.bodyFilter(ctx, t, chunk, last);
  }

  @Override
  public void log(LogPhase ctx, Prepared p) {
    AiProxyPlugin.Prepared t = chosen(ctx);
    if (t == null) return;
    proxy.log(ctx, t);
    if (t.config().logging().logStatistics() && ctx.shared().get(FAILOVERS) instanceof List<?> f) {
      ctx.setSerializeValue("ai.proxy.failover", f);
    }
  }
}
