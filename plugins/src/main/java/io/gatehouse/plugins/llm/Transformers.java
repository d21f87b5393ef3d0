package io.gatehouse.plugins.llm;

import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.OneOf;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What Kong's two AI transformer plugins share: the {@code llm} record, their entity checks, the
 * model client for their proxy/TLS settings and the {@code ai.<plugin>.meta/usage} log fields.
 */
public final class Transformers {
  private Transformers() {}

  /** Kong's {@code kong/llm/schemas} record, as the {@code llm} field. */
  public record Llm(
      @OneOf({"llm/v1/chat", "llm/v1/completions", "preserve"}) String routeType,
      LlmConfig.@Nullable Auth auth,
      LlmConfig.Model model,
      LlmConfig.Logging logging) {}

  /** The transformers' entity checks (Kong's {@code conditional} on the route type, proxies all or none). */
  public static EntityChecks checks(Class<? extends Record> type, Class<? extends Record> config) {
    if (type == Llm.class) return LlmChecks.llm();
    if (type == LlmConfig.GeminiOptions.class) return LlmChecks.gemini();
    if (type != config) return EntityChecks.NONE;
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

  /** The client for these timeout, TLS and forward-proxy settings (Kong's {@code http_opts}). */
  public static LlmClient client(int timeoutMs, boolean verifyTls, @Nullable String httpProxyHost,
      @Nullable Integer httpProxyPort, @Nullable String httpsProxyHost, @Nullable Integer httpsProxyPort) {
    return LlmClient.shared(timeoutMs, verifyTls, address(httpProxyHost, httpProxyPort),
        address(httpsProxyHost, httpsProxyPort));
  }

  private static @Nullable InetSocketAddress address(@Nullable String host, @Nullable Integer port) {
    return host == null || port == null ? null : InetSocketAddress.createUnresolved(host, port);
  }

  /**
   * The model's answer, or the first match of the transformer's {@code transformation_extract_pattern}
   * (Kong matches with {@code ijom}: case-insensitive, the whole match).
   *
   * @throws LlmException {@code AI response did not match specified regular expression}
   */
  public static String extract(String content, com.google.re2j.@Nullable Pattern pattern) {
    if (pattern == null) return content;
    com.google.re2j.Matcher m = pattern.matcher(content);
    if (!m.find()) throw new LlmException("AI response did not match specified regular expression");
    return m.group();
  }

  /** {@code transformation_extract_pattern} compiled as Kong's {@code ngx.re.match(…, "ijom")}. */
  public static com.google.re2j.@Nullable Pattern pattern(@Nullable String regex) {
    return regex == null ? null
        : com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.CASE_INSENSITIVE | com.google.re2j.Pattern.MULTILINE);
  }

  /** Kong's {@code post_request} for a transformer: {@code ai.<plugin>.meta/usage/cache} when statistics are logged. */
  public static void log(LogPhase ctx, String plugin, Llm llm, LlmClient.Answer a) {
    if (!llm.logging().logStatistics()) return;
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
    ctx.setSerializeValue("ai." + plugin + ".meta", meta);
    ctx.setSerializeValue("ai." + plugin + ".usage", usage);
    ctx.setSerializeValue("ai." + plugin + ".cache", Map.of());
  }
}
