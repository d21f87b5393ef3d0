package io.gatehouse.plugins.opentelemetry;

import io.gatehouse.plugins.tracing.HeaderSource;
import io.gatehouse.plugins.tracing.Ids;
import io.gatehouse.plugins.tracing.Propagation;
import io.gatehouse.plugins.tracing.TraceContext;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Request;
import io.gatehouse.sdk.TracedSpan;
import io.gatehouse.sdk.TracingSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One request's trace as the opentelemetry plugin keeps it between phases (Kong's
 * {@code kong.ctx.plugin} and tracing context). The ids are fixed in the access phase, where the
 * outgoing context is injected; the spans are built in the log phase from the request's log entry
 * (its start, its upstream tries), with those ids.
 *
 * <p>Span shapes follow Kong's instrumentations ({@code kong/observability/tracing/instrumentation.lua}):
 * the request span {@code kong} (server), and with the {@code balancer} instrumentation one
 * {@code kong.balancer} client span per upstream try, the last of which is the parent the upstream sees.
 */
final class RequestTrace {
  final byte[] traceId;
  final byte[] rootSpanId;
  final byte @Nullable [] rootParentId;
  /** The last balancer try's span, pre-made so the upstream sees it as its parent; null without balancer spans. */
  final byte @Nullable [] balancerSpanId;
  final boolean sampled;
  /** The trace id per injected format (the log's {@code trace_id}). */
  final Map<String, String> formatted;

  private RequestTrace(byte[] traceId, byte[] rootSpanId, byte @Nullable [] rootParentId,
      byte @Nullable [] balancerSpanId, boolean sampled, Map<String, String> formatted) {
    this.traceId = traceId;
    this.rootSpanId = rootSpanId;
    this.rootParentId = rootParentId;
    this.balancerSpanId = balancerSpanId;
    this.sampled = sampled;
    this.formatted = formatted;
  }

  /**
   * Kong's {@code get_inject_ctx}: continue the incoming trace (or start one), decide sampling,
   * and inject the span the upstream should see as its parent. With tracing instrumentations off
   * the plugin only propagates, and marks the trace unsampled.
   */
  static RequestTrace begin(AccessPhase ctx, Propagation propagation, TracingSettings tracing, double rate) {
    Propagation.Extraction extraction = propagation.extract(HeaderSource.of(ctx.request()));
    TraceContext c = extraction.context();
    // a trace of our own takes the id the node sampled its spans by (Phase#drawnTraceId)
    byte[] traceId = c.traceId != null ? c.traceId : ctx.drawnTraceId();
    byte[] rootId = Ids.random(8);
    byte[] rootParent = c.spanId != null ? c.spanId : c.parentId;
    byte[] balancerId = tracing.enabled("balancer") ? Ids.random(8) : null;
    boolean sampled = tracing.enabled() && KongSampler.sampled(c.sampled, traceId, rate);
    c.traceId = traceId;
    c.spanId = balancerId != null ? balancerId : rootId;
    c.parentId = balancerId != null ? rootId : rootParent;
    c.sampled = sampled;
    propagation.clear(ctx.upstream());
    Map<String, String> formatted = propagation.inject(c, extraction.from(), ctx.upstream());
    return new RequestTrace(traceId, rootId, rootParent, balancerId, sampled, formatted);
  }

  /**
   * The trace of a request the access phase never saw (no route matched, a rewrite handler
   * answered): Kong's request span began anyway, with a trace of its own sampled at
   * {@code tracing_sampling_rate}, and the log phase exports it.
   */
  static RequestTrace withoutAccess(LogPhase ctx, TracingSettings tracing) {
    byte[] traceId = ctx.drawnTraceId();
    boolean sampled = tracing.enabled() && KongSampler.sampled(null, traceId, tracing.samplingRate());
    return new RequestTrace(traceId, Ids.random(8), null, null, sampled, Map.of());
  }

  String traceHex() {
    return Ids.hex(traceId);
  }

  /** Builds and ends this request's spans; the tracer's batch processor exports them. */
  void record(LogPhase ctx, Tracer tracer, Map<String, Object> entry) {
    long startedAt = entry.get("started_at") instanceof Number n ? n.longValue() : System.currentTimeMillis();
    Instant end = Instant.now();
    Request req = ctx.request();
    String query = req.rawQuery() == null ? "" : "?" + req.rawQuery();
    SpanBuilder rootBuilder = tracer.spanBuilder("kong")
        .setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(startedAt, TimeUnit.MILLISECONDS)
        .setAttribute("http.method", req.method())
        .setAttribute("http.url", req.scheme() + "://" + req.host() + req.path() + query)
        .setAttribute("http.host", req.host())
        .setAttribute("http.scheme", req.scheme())
        .setAttribute("http.client_ip", req.forwardedIp())
        .setAttribute("net.peer.ip", req.peerIp())
        .setAttribute("kong.request.id", ctx.requestId());
    if (rootParentId != null) {
      rootBuilder.setParent(Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceHex(),
          Ids.hex(rootParentId), TraceFlags.getSampled(), TraceState.getDefault()))));
    } else {
      rootBuilder.setNoParent();
    }
    Span root = start(rootBuilder, rootSpanId);
    root.setAttribute("http.status_code", (long) ctx.status());
    root.setAttribute("http.route", firstPath(entry));
    Context parent = Context.root().with(root);
    if (balancerSpanId != null) balancerSpans(tracer, parent, entry, end);
    for (TracedSpan s : ctx.tracedSpans()) nodeSpan(tracer, parent, s);
    root.end(end);
  }

  /** A span the node recorded (router, plugin phase, DNS), a child of the request span as in Kong. */
  private void nodeSpan(Tracer tracer, Context parent, TracedSpan s) {
    SpanBuilder b = tracer.spanBuilder(s.name())
        .setSpanKind(s.client() ? SpanKind.CLIENT : SpanKind.INTERNAL)
        .setParent(parent)
        .setStartTimestamp(s.startEpochNanos(), TimeUnit.NANOSECONDS);
    s.attributes().forEach((k, v) -> {
      if (v instanceof Long l) b.setAttribute(AttributeKey.longKey(k), l);
      else b.setAttribute(k, String.valueOf(v));
    });
    Span span = start(b, Ids.random(8));
    if (s.error() != null) {
      span.addEvent("exception", io.opentelemetry.api.common.Attributes.of(
          AttributeKey.stringKey("exception.message"), s.error()), s.endEpochNanos(), TimeUnit.NANOSECONDS);
    }
    if (s.failed()) span.setStatus(StatusCode.ERROR);
    span.end(s.endEpochNanos(), TimeUnit.NANOSECONDS);
  }

  /** Kong's {@code instrumentation.balancer}: one client span per try; failed tries carry the status and an error. */
  private void balancerSpans(Tracer tracer, Context parent, Map<String, Object> entry, Instant end) {
    if (!(entry.get("tries") instanceof List<?> tries)) return;
    String hostname = entry.get("service") instanceof Map<?, ?> s && s.get("host") instanceof String h ? h : null;
    for (int i = 0; i < tries.size(); i++) {
      if (!(tries.get(i) instanceof Map<?, ?> t)) continue;
      boolean last = i == tries.size() - 1;
      long start = t.get("balancer_start") instanceof Number n ? n.longValue() : System.currentTimeMillis();
      SpanBuilder b = tracer.spanBuilder("kong.balancer")
          .setSpanKind(SpanKind.CLIENT)
          .setParent(parent)
          .setStartTimestamp(start, TimeUnit.MILLISECONDS)
          .setAttribute(AttributeKey.longKey("try_count"), (long) (i + 1))
          .setAttribute("net.peer.ip", String.valueOf(t.get("ip")));
      if (t.get("port") instanceof Number port) b.setAttribute(AttributeKey.longKey("net.peer.port"), port.longValue());
      Span span = start(b, last ? balancerSpanId : Ids.random(8));
      if (t.get("state") != null) {
        if (t.get("code") instanceof Number code) span.setAttribute("http.status_code", code.longValue());
        span.setStatus(StatusCode.ERROR);
      }
      if (hostname != null) span.setAttribute("net.peer.name", hostname);
      if (last) {
        span.end(end); // the linked balancer span lasts until the response is through
      } else {
        long latency = t.get("balancer_latency") instanceof Number n ? n.longValue() : 0;
        span.end(start + latency, TimeUnit.MILLISECONDS);
      }
    }
  }

  private Span start(SpanBuilder builder, byte[] spanId) {
    ChosenIds.set(traceHex(), Ids.hex(spanId));
    try {
      return builder.startSpan();
    } finally {
      ChosenIds.clear();
    }
  }

  private static String firstPath(Map<String, Object> entry) {
    if (entry.get("route") instanceof Map<?, ?> route && route.get("paths") instanceof List<?> paths
        && !paths.isEmpty()) {
      return String.valueOf(paths.getFirst());
    }
    return "";
  }
}
