package io.gatehouse.plugins.opentelemetry;

import io.gatehouse.plugins.tracing.Ids;
import io.gatehouse.plugins.tracing.Propagation;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.ConfigAlias;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogEntry;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.NodeServices;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import io.gatehouse.sdk.TracingSettings;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * opentelemetry (Kong 3.9, priority 14): W3C/B3/… context in and out in the access phase, the
 * request's spans over OTLP/HTTP protobuf in the log phase when {@code tracing_instrumentations}
 * records spans and the trace is sampled, the trace id in a response header on request, and with
 * {@code logs_endpoint} the request's log entry as an OTLP log record.
 */
@PluginInfo(name = "opentelemetry", priority = 14, protocols = Protocols.HTTP)
public final class OpenTelemetryPlugin implements PreparedPlugin<OpenTelemetryConfig, OpenTelemetryPlugin.Prepared> {
  /** Stands for Kong's node id in the resource until the SDK hands plugins the node's own. */
  private static final String NODE_ID = UUID.randomUUID().toString();
  private volatile TracingSettings tracing = TracingSettings.OFF;

  /**
   * One instance's config with its propagation rules, where its per-request state lives, and the
   * exports it holds until it is retired (null for an endpoint it does not have).
   */
  public record Prepared(OpenTelemetryConfig config, Propagation propagation, String stateKey,
      Exporters.@Nullable Export traces, Exporters.@Nullable Export logs) {}

  @Override
  public void start(NodeServices services) {
    tracing = services.tracing();
  }

  @Override
  public Prepared prepare(OpenTelemetryConfig config, Instance instance) {
    return new Prepared(config, Propagation.of(config.propagation(), config.headerType(), null),
        "opentelemetry:" + instance.pluginId(),
        config.tracesEndpoint() == null ? null : Exporters.acquire(Exporters.Signal.TRACES, config, NODE_ID),
        config.logsEndpoint() == null ? null : Exporters.acquire(Exporters.Signal.LOGS, config, NODE_ID));
  }

  /** The instance left the served configuration: the last holder of an exporter shuts it down (sending its queue). */
  @Override
  public void retire(Prepared p) {
    if (p.traces() != null) Exporters.release(p.traces());
    if (p.logs() != null) Exporters.release(p.logs());
  }

  /** Kong 3.9's deprecated shorthand: {@code endpoint} is written to {@code traces_endpoint}. */
  @Override
  public Map<String, ConfigAlias> configAliases() {
    return Map.of("endpoint", ConfigAlias.deprecated("traces_endpoint",
        "OpenTelemetry: config.endpoint is deprecated, please use config.traces_endpoint instead", "4.0"));
  }

  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    return type == OpenTelemetryConfig.class
        ? EntityChecks.NONE.atLeastOneOf("traces_endpoint", "logs_endpoint")
        : EntityChecks.NONE;
  }

  /**
   * The node records its spans for this instance's traces at most at its rate; requests whose
   * access phase it never sees are sampled at the node's rate, so that counts too.
   */
  @Override
  public double tracedSpansSamplingRate(Prepared p) {
    TracingSettings t = tracing;
    if (p.config().tracesEndpoint() == null || !t.enabled()) return 0;
    Double own = p.config().samplingRate();
    return Math.max(own != null ? own : t.samplingRate(), t.samplingRate());
  }

  @Override
  public void access(AccessPhase ctx, Prepared p) {
    if (p.config().tracesEndpoint() == null) return;
    TracingSettings t = tracing;
    double rate = p.config().samplingRate() != null ? p.config().samplingRate() : t.samplingRate();
    ctx.shared().put(p.stateKey(), RequestTrace.begin(ctx, p.propagation(), t, rate));
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    String header = p.config().httpResponseHeaderForTraceid();
    if (header != null && ctx.shared().get(p.stateKey()) instanceof RequestTrace trace) {
      ctx.responseHeaders().add(header, trace.traceHex());
    }
  }

  @Override
  public void log(LogPhase ctx, Prepared p) {
    RequestTrace trace = ctx.shared().get(p.stateKey()) instanceof RequestTrace t ? t : null;
    if (trace == null && p.config().tracesEndpoint() != null) {
      // this instance's access never ran (a 404, a rewrite exit, an earlier plugin that answered):
      // Kong exports the request's spans anyway, under the node's sampling
      trace = RequestTrace.withoutAccess(ctx, tracing);
    }
    if (trace != null && !trace.formatted.isEmpty()) ctx.setSerializeValue("trace_id", trace.formatted);
    boolean spans = trace != null && trace.sampled && p.config().tracesEndpoint() != null;
    boolean logs = p.config().logsEndpoint() != null;
    if (!spans && !logs) return;
    LogEntry entry = ctx.serialize();
    Map<String, Object> fields = entry.toMap();
    if (spans) trace.record(ctx, java.util.Objects.requireNonNull(p.traces()).tracer(), fields);
    if (logs) exportLog(ctx, java.util.Objects.requireNonNull(p.logs()), entry, fields, trace);
  }

  /**
   * The request's log entry as one OTLP log record, tied to the trace when there is one. Kong
   * exports the log lines written while the request ran; Gatehouse exports the entry the log
   * plugins send, which carries the same request's facts.
   */
  private static void exportLog(LogPhase ctx, Exporters.Export export, LogEntry entry, Map<String, Object> fields,
      @Nullable RequestTrace trace) {
    long startedAt = fields.get("started_at") instanceof Number n ? n.longValue() : System.currentTimeMillis();
    LogRecordBuilder record = export.logger().logRecordBuilder()
        .setTimestamp(startedAt, TimeUnit.MILLISECONDS)
        .setSeverity(Severity.INFO)
        .setSeverityText("INFO")
        .setBody(entry.toJson())
        .setAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("request.id"), ctx.requestId());
    if (trace != null) {
      record.setContext(Context.root().with(Span.wrap(SpanContext.create(trace.traceHex(), Ids.hex(trace.rootSpanId),
          trace.sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault()))));
    }
    record.emit();
  }
}
