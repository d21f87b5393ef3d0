package io.gatehouse.plugins.prometheus;

import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.sdk.Consumer;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Measurements;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.Route;
import io.gatehouse.sdk.Service;
import io.gatehouse.sdk.Snapshot;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Kong's {@code prometheus} plugin (3.9): priority 13, any protocol and scope. Its log phase counts
 * the request into the event loop's shard — status codes, latencies and bandwidth, each only when
 * its {@code *_metrics} flag is on, per consumer with {@code per_consumer} — and
 * {@code GET /metrics} on the Admin and status APIs writes Kong's exposition. Requests that matched
 * no route are not counted (as in Kong).
 */
@PluginInfo(name = "prometheus", priority = 13, protocols = Protocols.ALL)
public final class PrometheusPlugin implements PreparedPlugin<PrometheusPlugin.Config, PrometheusPlugin.Config> {
  /** Kong's {@code Content-Type} of {@code /metrics}. */
  static final String CONTENT_TYPE = "text/plain; charset=UTF-8";

  /**
   * The config: Kong's six flags, all off by default. {@code ai_metrics} counts the AI calls the AI
   * plugins wrote under the log entry's {@code ai} field (ai-proxy's {@code ai.proxy}).
   */
  public record Config(
      @Default("false") @Nullable Boolean perConsumer,
      @Default("false") @Nullable Boolean statusCodeMetrics,
      @Default("false") @Nullable Boolean aiMetrics,
      @Default("false") @Nullable Boolean latencyMetrics,
      @Default("false") @Nullable Boolean bandwidthMetrics,
      @Default("false") @Nullable Boolean upstreamHealthMetrics) {}

  private final Exporter exporter = new Exporter();

  @Override
  public void start(NodeServices services) {
    exporter.start(services.nodeStatus().orElse(null));
  }

  @Override
  public Config prepare(Config config, Snapshot snapshot) {
    exporter.prepared(snapshot.version());
    return config;
  }

  @Override
  public void log(LogPhase ctx, Config config) {
    exporter.upstreamHealth(on(config.upstreamHealthMetrics()));
    Route route = ctx.route();
    if (route == null) return;
    Service service = ctx.service();
    String serviceLabel = service == null ? "" : service.name() != null ? service.name() : service.host();
    String routeLabel = route.name() != null ? route.name() : route.id();
    String consumer = "";
    if (on(config.perConsumer())) {
      Consumer c = ctx.consumer();
      if (c != null && c.username() != null) consumer = c.username();
    }
    String workspace = route.workspaceName();
    if (on(config.aiMetrics())) ai(ctx, workspace);
    boolean status = on(config.statusCodeMetrics());
    boolean latency = on(config.latencyMetrics());
    boolean bandwidth = on(config.bandwidthMetrics());
    if (!status && !latency && !bandwidth) return;
    Measurements m = ctx.measurements();
    Shard shard = exporter.shard();
    if (bandwidth) shard.bandwidth(serviceLabel, routeLabel, workspace, consumer, m.requestBytes(), m.responseBytes());
    if (status) {
      shard.request(serviceLabel, routeLabel, workspace, ctx.status(), m.source() == Measurements.Source.SERVICE ? 1 : 2, consumer);
    }
    if (latency) shard.latencies(serviceLabel, routeLabel, workspace, m.kongLatencyMs(), m.upstreamLatencyMs(), m.requestLatencyMs());
  }

  /** Kong's exporter reads {@code kong.log.serialize().ai}: one use case per AI plugin that logged statistics. */
  private void ai(LogPhase ctx, String workspace) {
    if (!(ctx.serialize().toMap().get("ai") instanceof Map<?, ?> useCases)) return;
    for (Object useCase : useCases.values()) {
      if (!(useCase instanceof Map<?, ?> m) || !(m.get("meta") instanceof Map<?, ?> meta)) continue;
      Map<?, ?> usage = m.get("usage") instanceof Map<?, ?> u ? u : Map.of();
      exporter.shard().ai(text(meta.get("provider_name")), text(meta.get("request_model")), workspace, number(usage.get("cost")),
          (long) number(usage.get("prompt_tokens")), (long) number(usage.get("completion_tokens")),
          (long) number(usage.get("total_tokens")), (long) number(meta.get("llm_latency")));
    }
  }

  private static String text(@Nullable Object v) {
    return v == null ? "" : v.toString();
  }

  private static double number(@Nullable Object v) {
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  private static boolean on(@Nullable Boolean flag) {
    return Boolean.TRUE.equals(flag);
  }

  /** Kong's {@code api.lua}: {@code GET /metrics} on the Admin API. */
  @Override
  public List<AdminEndpoint> adminEndpoints() {
    return List.of(metrics());
  }

  /** Kong's {@code status_api.lua}: the same {@code GET /metrics} on the status API. */
  @Override
  public List<AdminEndpoint> statusEndpoints() {
    return List.of(metrics());
  }

  private AdminEndpoint metrics() {
    return new AdminEndpoint("GET", "/metrics", captures -> AdminEndpoint.Reply.text(200, CONTENT_TYPE, exporter.scrape()));
  }
}
