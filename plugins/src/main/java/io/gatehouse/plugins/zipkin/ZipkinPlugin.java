package io.gatehouse.plugins.zipkin;

import io.gatehouse.plugins.logqueue.LogQueues;
import io.gatehouse.plugins.tracing.Propagation;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.EntityChecks;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.Instance;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.PreparedPlugin;
import io.gatehouse.sdk.Protocols;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * zipkin (Kong 3.9, priority 100000): a server span for each request and a client span for its
 * proxying (plus one per balancer try), B3 or another format in and out, reported as Zipkin v2
 * JSON to {@code http_endpoint} through Kong's queue. Only sampled traces are reported.
 */
@PluginInfo(name = "zipkin", priority = 100000, protocols = Protocols.HTTP)
public final class ZipkinPlugin implements PreparedPlugin<ZipkinConfig, ZipkinPlugin.Prepared> {
  /** Stands for Kong's node id ({@code kong.node.id}) until the SDK hands plugins the node's own. */
  private static final String NODE_ID = UUID.randomUUID().toString();

  public record Prepared(ZipkinConfig config, Propagation propagation, String stateKey) {}

  @Override
  public Prepared prepare(ZipkinConfig config, Instance instance) {
    return new Prepared(config, Propagation.of(config.propagation(), config.headerType(), config.defaultHeaderType()),
        "zipkin:" + instance.pluginId());
  }

  /** Kong's {@code validate_static_tags}. */
  @Override
  public EntityChecks checks(Class<? extends Record> type) {
    if (type != ZipkinConfig.class) return EntityChecks.NONE;
    return EntityChecks.NONE.custom(List.of("config.static_tags"), c -> {
      if (!(c.get("config.static_tags") instanceof List<?> tags)) return null;
      Set<Object> seen = new HashSet<>();
      for (Object t : tags) {
        if (t instanceof Map<?, ?> tag && !seen.add(tag.get("name"))) {
          return "repeated tags are not allowed: " + tag.get("name");
        }
      }
      return null;
    });
  }

  @Override
  public void access(AccessPhase ctx, Prepared p) {
    // the request span's start is set from the log entry's started_at in the log phase
    ctx.shared().put(p.stateKey(), ZipkinTrace.begin(ctx, p.config(), p.propagation(), ZipkinTrace.nowMicros()));
  }

  @Override
  public void headerFilter(HeaderPhase ctx, Prepared p) {
    if (!(ctx.shared().get(p.stateKey()) instanceof ZipkinTrace z)) return;
    z.headerFilterStart = ZipkinTrace.nowMicros();
    if (p.config().phaseDurationFlavor().equals("annotations")) z.proxy.annotate("khs", z.headerFilterStart);
    if (p.config().httpResponseHeaderForTraceid() != null) {
      ctx.responseHeaders().add(p.config().httpResponseHeaderForTraceid(), z.traceHex());
    }
  }

  @Override
  public void log(LogPhase ctx, Prepared p) {
    if (!(ctx.shared().get(p.stateKey()) instanceof ZipkinTrace z) || !z.request.sampled) return;
    ZipkinConfig config = p.config();
    Map<String, Object> entry = ctx.serialize().toMap();
    long now = ZipkinTrace.nowMicros();
    ZipkinSpan request = z.request;
    ZipkinSpan proxy = z.proxy;
    request.timestamp = Math.min(request.timestamp, micros(entry.get("started_at"), request.timestamp));
    List<?> tries = entry.get("tries") instanceof List<?> l ? l : List.of();
    long accessEnd = tries.isEmpty() ? (z.headerFilterStart > 0 ? z.headerFilterStart : now)
        : micros(((Map<?, ?>) tries.getFirst()).get("balancer_start"), now);
    if (config.phaseDurationFlavor().equals("annotations")) {
      request.annotate("krs", request.timestamp);
      proxy.annotate("kas", z.accessStart);
      proxy.annotate("kaf", accessEnd);
      proxy.annotate("khf", now);
      proxy.annotate("kbf", now);
    } else {
      proxy.tag("kong.access.duration_ms", (accessEnd - z.accessStart) / 1000);
    }
    for (int i = 0; i < tries.size(); i++) {
      if (!(tries.get(i) instanceof Map<?, ?> t)) continue;
      long start = micros(t.get("balancer_start"), now);
      ZipkinSpan span = request.child("CLIENT", request.name + " (balancer try " + (i + 1) + ")", start);
      span.ip = t.get("ip") instanceof String ip ? ip : null;
      span.port = t.get("port") instanceof Number port ? port.intValue() : null;
      span.tag("kong.balancer.try", i + 1);
      if (i < tries.size() - 1) {
        span.tag("error", true);
        span.tag("kong.balancer.state", t.get("state"));
        span.tag("http.status_code", t.get("code"));
      }
      ZipkinTrace.tagServiceAndRoute(span, entry);
      span.finish(t.get("balancer_latency") instanceof Number latency ? start + latency.longValue() * 1000 : now);
      report(config, span);
    }
    if (!tries.isEmpty() && tries.getLast() instanceof Map<?, ?> last) {
      proxy.ip = last.get("ip") instanceof String ip ? ip : null;
      proxy.port = last.get("port") instanceof Number port ? port.intValue() : null;
      if (entry.get("service") instanceof Map<?, ?> s) proxy.tag("peer.hostname", s.get("host"));
    }
    request.tag("http.status_code", ctx.status());
    if (ctx.consumer() != null) request.tag("kong.consumer", ctx.consumer().id());
    if (config.includeCredential() && ctx.credential() != null) request.tag("kong.credential", ctx.credential().id());
    request.tag("kong.node.id", NODE_ID);
    ZipkinTrace.tagServiceAndRoute(proxy, entry);
    proxy.finish(now);
    report(config, proxy);
    request.finish(now);
    report(config, request);
  }

  private static long micros(Object millis, long fallback) {
    return millis instanceof Number n ? n.longValue() * 1000 : fallback;
  }

  private static void report(ZipkinConfig config, ZipkinSpan span) {
    if (config.httpEndpoint() == null) return; // Kong reports nowhere without an endpoint
    LogQueues.add(config.queueKey(), config.queue(), () -> new ZipkinSender(config),
        EncodedSpan.of(span.toJson(config.localServiceName(), config.defaultServiceName())));
  }
}
