package io.gatehouse.plugins.airequesttransformer;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.gatehouse.plugins.llm.LlmChecks;
import io.gatehouse.plugins.llm.LlmClient;
import io.gatehouse.plugins.llm.LlmConfig;
import io.gatehouse.plugins.llm.LlmException;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Between;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.Gt;
import io.gatehouse.sdk.Host;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.OneOf;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.Scope;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code ai-request-transformer} (priority 777): the request body (at most
 * {@code max_request_body_size}) goes to the configured model as the user message under
 * {@code prompt}; the answer (or the first match of {@code transformation_extract_pattern}, RE2/J,
 * case-insensitive) becomes the body sent upstream. The model call does not block the event loop.
 */
@PluginInfo(name = "ai-request-transformer", priority = 777, forbiddenScopes = Scope.CONSUMER)
public final class AiRequestTransformerPlugin
    implements PreparedPlugin<AiRequestTransformerPlugin.Config, AiRequestTransformerPlugin.Prepared> {
  private static final String ANSWER = "ai-request-transformer.answer";

  /** Kong's {@code kong/llm/schemas} record, as the {@code llm} field. */
  public record Llm(
      @OneOf({"llm/v1/chat", "llm/v1/completions", "preserve"}) String routeType,
      LlmConfig.@Nullable Auth auth,
      LlmConfig.Model model,
      LlmConfig.Logging logging) {}

  public record Config(
      String prompt,
      @Nullable String transformationExtractPattern,
      @Default("60000") int httpTimeout,
      @Default("true") boolean httpsVerify,
      @Default("8192") @Gt(0) @Nullable Integer maxRequestBodySize,
      @Host @Nullable String httpProxyHost,
      @Between(min = 0, max = 65535) @Nullable Integer httpProxyPort,
      @Host @Nullable String httpsProxyHost,
      @Between(min = 0, max = 65535) @Nullable Integer httpsProxyPort,
      Llm llm) {}

  /** The config with its model client and compiled pattern. */
  public record Prepared(Config config, LlmClient client, @Nullable Pattern extract) {}

  @Override
  public Prepared prepare(Config c) {
    return new Prepared(c, LlmClient.shared(c.httpTimeout(), c.httpsVerify(), address(c.httpProxyHost(), c.httpProxyPort()),
        address(c.httpsProxyHost(), c.httpsProxyPort())),
        c.transformationExtractPattern() == null ? null
            : Pattern.compile(c.transformationExtractPattern(), Pattern.CASE_INSENSITIVE | Pattern.MULTILINE));
  }

  private static @Nullable InetSocketAddress address(@Nullable String host, @Nullable Integer port) {
    return host == null || port == null ? null : InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type == Llm.class) return LlmChecks.llm();
    if (type == LlmConfig.GeminiOptions.class) return LlmChecks.gemini();
    if (type != Config.class) return EntityChecks.NONE;
    return EntityChecks.NONE
        .custom(List.of("config.llm"), v -> v.get("config.llm") instanceof Map<?, ?> llm
            && !"llm/v1/chat".equals(llm.get("route_type"))
            ? "'config.llm.route_type' must be 'llm/v1/chat' for AI transformer plugins" : null)
        .custom(List.of("config.http_proxy_host", "config.http_proxy_port"),
            v -> (v.get("config.http_proxy_host") == null) != (v.get("config.http_proxy_port") == null)
                ? "all or none of these fields must be set: 'config.http_proxy_host', 'config.http_proxy_port'" : null)
        .custom(List.of("config.https_proxy_host", "config.https_proxy_port"),
            v -> (v.get("config.https_proxy_host") == null) != (v.get("config.https_proxy_port") == null)
                ? "all or none of these fields must be set: 'config.https_proxy_host', 'config.https_proxy_port'" : null);
  }

  @Override
  public boolean needsRequestBody(Request request, Prepared p) {
    return true;
  }

  @Override
  public @Nullable CompletionStage<?> accessAsync(AccessPhase ctx, Prepared p) {
    byte[] raw = ctx.requestBody() == null ? new byte[0] : ctx.requestBody().bytes();
    int max = p.config().maxRequestBodySize() == null ? 8192 : p.config().maxRequestBodySize();
    String body = new String(raw, 0, Math.min(raw.length, max), StandardCharsets.UTF_8);
    Llm llm = p.config().llm();
    return p.client().chat(ctx.httpCalls(), llm.auth(), llm.model(), p.config().prompt(), body)
        .handle((answer, failure) -> failure == null ? (Object) answer : cause(failure));
  }

  private static Throwable cause(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  @Override
  public void resume(AccessPhase ctx, Prepared p, @Nullable Object result) {
    if (!(result instanceof LlmClient.Answer answer)) {
      String message = result instanceof LlmException e ? e.getMessage()
          : "failed to introspect request with AI service: " + (result instanceof Throwable t ? t.getMessage() : "no answer");
      ctx.exit(400, Map.of("error", Map.of("message", message)), Map.of());
      return;
    }
    String content = answer.content();
    if (p.extract() != null) {
      Matcher m = p.extract().matcher(content);
      if (!m.find()) {
        ctx.exit(400, Map.of("error", Map.of("message", "AI response did not match specified regular expression")), Map.of());
        return;
      }
      content = m.group();
    }
    ctx.shared().put(ANSWER, answer);
    ctx.upstream().setBody(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Kong's {@code post_request}: {@code ai.ai-request-transformer.meta/usage} when statistics are logged. */
  @Override
  public void log(LogPhase ctx, Prepared p) {
    Llm llm = p.config().llm();
    if (!llm.logging().logStatistics() || !(ctx.shared().get(ANSWER) instanceof LlmClient.Answer a)) return;
    Map<String, @Nullable Object> meta = new LinkedHashMap<>();
    meta.put("plugin_id", ctx.pluginId());
    meta.put("provider_name", llm.model().provider());
    meta.put("request_model", llm.model().name() == null ? "UNSPECIFIED" : llm.model().name());
    meta.put("response_model", a.openAi().get("model") != null ? a.openAi().get("model") : llm.model().name());
    meta.put("llm_latency", a.latencyMs());
    Map<String, @Nullable Object> usage = new LinkedHashMap<>();
    Map<?, ?> u = a.openAi().get("usage") instanceof Map<?, ?> m ? m : Map.of();
    if (u.get("prompt_tokens") instanceof Number n) usage.put("prompt_tokens", n);
    if (u.get("completion_tokens") instanceof Number n) {
      usage.put("completion_tokens", n);
      usage.put("time_per_token", n.longValue() > 0 ? a.latencyMs() / n.longValue() : 0);
    }
    if (u.get("total_tokens") instanceof Number n) usage.put("total_tokens", n);
    var o = llm.model().options();
    if (u.get("prompt_tokens") instanceof Number in && u.get("completion_tokens") instanceof Number out && o != null
        && o.inputCost() != null && o.outputCost() != null) {
      usage.put("cost", (in.doubleValue() * o.inputCost() + out.doubleValue() * o.outputCost()) / 1_000_000);
    }
    ctx.setSerializeValue("ai.ai-request-transformer.meta", meta);
    ctx.setSerializeValue("ai.ai-request-transformer.usage", usage);
    ctx.setSerializeValue("ai.ai-request-transformer.cache", Map.of());
  }
}
