package io.gatehouse.plugins.zipkin;

import io.gatehouse.plugins.tracing.Ids;
import io.gatehouse.plugins.tracing.Propagation;
import io.gatehouse.plugins.tracing.TraceContext;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Request;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request's zipkin spans between phases (Kong's {@code kong.ctx.plugin.zipkin}): the server
 * span for the request and the client span for the proxying, made in the access phase so the
 * upstream sees the proxy span as its parent.
 */
final class ZipkinTrace {
  final ZipkinSpan request;
  final ZipkinSpan proxy;
  final long accessStart;
  long headerFilterStart = -1;

  private ZipkinTrace(ZipkinSpan request, ZipkinSpan proxy, long accessStart) {
    this.request = request;
    this.proxy = proxy;
    this.accessStart = accessStart;
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Kong's {@code initialize_request} and {@code get_inject_ctx}, then the injection. */
  static ZipkinTrace begin(AccessPhase ctx, ZipkinConfig config, Propagation propagation, long requestStartMicros) {
    Request req = ctx.request();
    Propagation.Extraction extraction = propagation.extract(io.gatehouse.plugins.tracing.HeaderSource.of(req));
    TraceContext c = extraction.context();
    Boolean extractedSampled = c.sampled;
    boolean sampled = extractedSampled != null ? extractedSampled
        : ThreadLocalRandom.current().nextDouble() < config.sampleRatio();
    byte[] traceId = c.traceId != null ? c.traceId : Ids.random(config.traceidByteCount());
    byte[] spanId = c.reuseSpanId ? c.spanId : null;
    byte[] parentId = c.reuseSpanId ? c.parentId : c.spanId;
    String name = config.httpSpanName().equals("method_path") ? req.method() + " " + req.path() : req.method();
    ZipkinSpan request = new ZipkinSpan("SERVER", name, requestStartMicros, sampled, traceId, spanId, parentId);
    request.ip = req.forwardedIp();
    request.tag("lc", "kong");
    request.tag("http.method", req.method());
    request.tag("http.host", req.host());
    request.tag("http.path", req.path());
    if (config.staticTags() != null) {
      for (ZipkinConfig.StaticTag t : config.staticTags()) request.tag(t.name(), t.value());
    }
    List<String> tagHeader = req.headers(config.tagsHeader());
    if (!tagHeader.isEmpty()) RequestTags.parse(tagHeader).forEach(request::tag);
    long accessStart = nowMicros();
    ZipkinSpan proxy = request.child("CLIENT", name + " (proxy)", accessStart);
    c.traceId = proxy.traceId;
    c.spanId = proxy.spanId;
    c.parentId = proxy.parentId;
    c.sampled = proxy.sampled ? Boolean.TRUE : extractedSampled; // Kong's `proxy.should_sample or extracted`
    propagation.clear(ctx.upstream());
    propagation.inject(c, extraction.from(), ctx.upstream());
    return new ZipkinTrace(request, proxy, accessStart);
  }

  /** The trace id for {@code http_response_header_for_traceid}. */
  String traceHex() {
    return Ids.hex(proxy.traceId);
  }

  /** Service and route ids and names, as Kong's {@code tag_with_service_and_route}. */
  static void tagServiceAndRoute(ZipkinSpan span, Map<String, Object> entry) {
    if (entry.get("service") instanceof Map<?, ?> s && s.get("id") != null) {
      span.tag("kong.service", s.get("id"));
      if (s.get("name") instanceof String name) {
        span.serviceName = name;
        span.tag("kong.service_name", name);
      }
    }
    if (entry.get("route") instanceof Map<?, ?> r) {
      if (r.get("id") != null) span.tag("kong.route", r.get("id"));
      if (r.get("name") instanceof String name) span.tag("kong.route_name", name);
    }
  }
}
