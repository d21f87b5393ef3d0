package io.gatehouse.plugins.aiproxy;

import io.gatehouse.plugins.llm.Driver;
import io.gatehouse.plugins.llm.LlmConfig.Model;
import io.gatehouse.plugins.llm.NativeFormat;
import io.gatehouse.plugins.llm.RouteType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One proxied model call: what access decided (model, streaming, the body sent) and what the answer
 * told (token counts, latency, the translated body), kept in {@code kong.ctx.shared} for the later
 * phases. Kong's metric names: {@code llm_prompt_tokens_count}, {@code llm_completion_tokens_count},
 * {@code llm_e2e_latency}, {@code llm_usage_cost}.
 */
final class LlmCall {
  static final String KEY = "ai-proxy.call";

  final Driver driver;
  final Model model; // name resolved: the config's, else the request's
  final RouteType routeType;
  final boolean stream;
  final long startNanos;
  final byte @Nullable [] loggedRequest; // the body sent, without an auth parameter
  final @Nullable NativeFormat nativeFormat; // the client speaks the provider's API: nothing is translated
  boolean clientAcceptsGzip; // the client's Accept-Encoding has gzip (read in access)
  long promptTokens;
  long completionTokens;
  long latencyMs = -1;
  @Nullable String responseModel;
  @Nullable String responseBody; // the client's answer (or the streamed one rebuilt), for log_payloads
  @Nullable ResponseTranslation response;

  LlmCall(Driver driver, Model model, RouteType routeType, boolean stream, long startNanos,
      byte @Nullable [] loggedRequest) {
    this(driver, model, routeType, stream, startNanos, loggedRequest, null);
  }

  LlmCall(Driver driver, Model model, RouteType routeType, boolean stream, long startNanos,
      byte @Nullable [] loggedRequest, @Nullable NativeFormat nativeFormat) {
    this.driver = driver;
    this.model = model;
    this.routeType = routeType;
    this.stream = stream;
    this.startNanos = startNanos;
    this.loggedRequest = loggedRequest;
    this.nativeFormat = nativeFormat;
  }

  /** Kong's {@code record_request_end}: the call's latency once the answer's head arrived. */
  void answered() {
    if (latencyMs < 0) latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** The requested model's name, or Kong's {@code UNSPECIFIED}. */
  String requestModel() {
    return model.name() == null ? "UNSPECIFIED" : model.name();
  }

  /** Kong's {@code llm_usage_cost}: prices are per million tokens, 0 unless both are set. */
  double cost() {
    var o = model.options();
    if (o == null || o.inputCost() == null || o.outputCost() == null) return 0;
    return (promptTokens * o.inputCost() + completionTokens * o.outputCost()) / 1_000_000;
  }

  /** What {@link io.gatehouse.plugins.llm.TokenUsage#of} reports for this call. */
  io.gatehouse.plugins.llm.TokenUsage tokenUsage() {
    return new io.gatehouse.plugins.llm.TokenUsage(model.provider(), requestModel(), promptTokens, completionTokens, cost());
  }

  /** {@code ai.proxy.meta}. */
  Map<String, @Nullable Object> meta(String pluginId) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("plugin_id", pluginId);
    m.put("provider_name", model.provider());
    m.put("request_model", requestModel());
    m.put("response_model", responseModel != null ? responseModel : requestModel());
    m.put("llm_latency", Math.max(latencyMs, 0));
    m.putAll(driver.extraMeta(model));
    return m;
  }

  /** {@code ai.proxy.usage}. */
  Map<String, @Nullable Object> usage() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("time_per_token", completionTokens > 0 ? (double) Math.max(latencyMs, 0) / completionTokens : 0);
    m.put("prompt_tokens", promptTokens);
    m.put("completion_tokens", completionTokens);
    m.put("total_tokens", promptTokens + completionTokens);
    m.put("cost", cost());
    return m;
  }
}
