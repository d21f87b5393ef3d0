package io.gatehouse.plugins.opentelemetry;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.opentelemetry.OtlpReceiver.Received;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.sdk.TracingSettings;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * opentelemetry on a real proxy with {@code tracing_instrumentations = all}, an echo upstream that
 * shows the context it received, and a real OTLP/HTTP collector decoding with the official proto
 * classes (Kong 3.9 kong/plugins/opentelemetry, kong/observability/tracing).
 */
class OpenTelemetryIT {
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String PARENT = "b7ad6b7169203331";
  static OtlpReceiver collector;
  static PluginGateway gw;
  static ObjectNode chained;

  @BeforeAll
  static void start() throws Exception {
    collector = new OtlpReceiver();
    gw = PluginGateway.withTracing(new TracingSettings(Set.of("all"), 1.0));
    String fast = "\"queue\":{\"max_coalescing_delay\":0.05}";
    // a plugin chain: key-auth, request-transformer and opentelemetry on one route
    chained = gw.serviceAndRoute("/otel-chain");
    gw.plugin("key-auth", "{}", ref("route", chained));
    gw.plugin("request-transformer", "{\"add\":{\"headers\":[\"X-Chained:yes\"]}}", ref("route", chained));
    gw.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/chain") + "\","
        + "\"headers\":{\"X-Collector-Token\":\"t0k\"},\"resource_attributes\":{\"service.name\":\"edge\"},"
        + "\"http_response_header_for_traceid\":\"X-Trace-Id\"," + fast + "}", ref("route", chained));
    ObjectNode alice = gw.consumer("alice");
    gw.insert("keyauth_credentials", "{\"key\":\"alice-key\"," + ref("consumer", alice) + "}");
    // the same exporter (one batch processor): one route never samples, one always does
    ObjectNode never = gw.serviceAndRoute("/otel-never");
    gw.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/shared") + "\",\"sampling_rate\":0,"
        + fast + "}", ref("route", never));
    ObjectNode always = gw.serviceAndRoute("/otel-always");
    gw.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/shared") + "\",\"sampling_rate\":1,"
        + "\"propagation\":{\"extract\":[\"b3\"],\"inject\":[\"preserve\",\"datadog\"],\"clear\":[\"x-drop-me\"]},"
        + fast + "}", ref("route", always));
    // a service named by DNS: the node's kong.dns span
    ObjectNode byName = gw.insert("services", "{\"host\":\"localhost\",\"port\":" + gw.echoPort() + "}");
    ObjectNode dns = gw.insert("routes", "{\"paths\":[\"/otel-dns\"]," + ref("service", byName) + "}");
    gw.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/dns") + "\"," + fast + "}",
        ref("route", dns));
    ObjectNode logs = gw.serviceAndRoute("/otel-logs");
    gw.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/logs-traces") + "\","
        + "\"logs_endpoint\":\"" + collector.url("/logs") + "\"," + fast + "}", ref("route", logs));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    collector.close();
  }

  @Test
  void one_connected_trace_from_the_client_through_the_gateway_to_the_upstream() throws Exception {
    HttpResponse<String> r = gw.get("/otel-chain/x?q=1", "apikey", "alice-key", "traceparent",
        "00-" + TRACE + "-" + PARENT + "-01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Trace-Id")).hasValue(TRACE);
    var upstream = upstreamHeaders(r);
    assertThat(upstream.get("x-chained").asText()).isEqualTo("yes");
    String[] tp = upstream.get("traceparent").asText().split("-");
    assertThat(tp[0]).isEqualTo("00");
    assertThat(tp[1]).as("the upstream continues the client's trace").isEqualTo(TRACE);
    assertThat(tp[2]).isNotEqualTo(PARENT);
    assertThat(tp[3]).isEqualTo("01");

    // the request, its try, the router and each plugin's access / header_filter handler (Kong's names)
    List<Received> spans = collector.awaitTrace(TRACE, 7);
    assertThat(spans).extracting(s -> s.span().getName()).containsExactlyInAnyOrder("kong", "kong.balancer",
        "kong.router", "kong.access.plugin.key-auth", "kong.access.plugin.request-transformer",
        "kong.access.plugin.opentelemetry", "kong.header_filter.plugin.opentelemetry");
    Received root = spans.stream().filter(s -> s.span().getName().equals("kong")).findFirst().orElseThrow();
    Received balancer = spans.stream().filter(s -> s.span().getName().equals("kong.balancer")).findFirst().orElseThrow();
    // parent/child: client span -> kong -> kong.balancer, whose id the upstream saw as its parent
    assertThat(root.parentSpanId()).isEqualTo(PARENT);
    assertThat(balancer.parentSpanId()).isEqualTo(root.spanId());
    assertThat(balancer.spanId()).isEqualTo(tp[2]);
    assertThat(root.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    assertThat(balancer.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(root.attr("http.method")).isEqualTo("GET");
    assertThat(root.attr("http.status_code")).isEqualTo("200");
    assertThat(root.attr("http.route")).isEqualTo("/otel-chain");
    assertThat(root.attr("http.url")).endsWith("/otel-chain/x?q=1").startsWith("http://");
    assertThat(root.attr("http.scheme")).isEqualTo("http");
    assertThat(root.attr("net.peer.ip")).isEqualTo("127.0.0.1");
    assertThat(root.attr("kong.request.id")).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(balancer.attr("try_count")).isEqualTo("1");
    assertThat(balancer.attr("net.peer.ip")).isEqualTo("127.0.0.1");
    assertThat(balancer.attr("net.peer.port")).isEqualTo(String.valueOf(gw.echoPort()));
    assertThat(root.span().getStartTimeUnixNano()).isLessThanOrEqualTo(balancer.span().getStartTimeUnixNano());
    assertThat(root.span().getEndTimeUnixNano()).isGreaterThanOrEqualTo(balancer.span().getEndTimeUnixNano());
    // resource, scope, and the exporter's request
    assertThat(root.resourceAttr("service.name")).isEqualTo("edge");
    assertThat(root.resourceAttr("service.version")).isEqualTo("3.9.1");
    assertThat(root.scope().getScope().getName()).isEqualTo("kong-internal");
    OtlpReceiver.Export export = collector.exports.stream().filter(e -> e.path().equals("/chain")).findFirst().orElseThrow();
    assertThat(export.headers().getFirst("X-Collector-Token")).isEqualTo("t0k");
    assertThat(export.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
  }

  @Test
  void unsampled_traces_propagate_with_the_flag_off_and_are_not_exported() throws Exception {
    HttpResponse<String> never = gw.get("/otel-never/");
    String neverTp = upstreamHeaders(never).get("traceparent").asText();
    assertThat(neverTp).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
    String neverTrace = neverTp.split("-")[1];
    // the client says "not sampled": the gateway follows, at rate 1 too
    String b3Trace = "80f198ee56343ba864fe8b2a57d3eff7";
    HttpResponse<String> declined = gw.get("/otel-always/", "b3", b3Trace + "-e457b5a2e4d86bd1-0");
    assertThat(upstreamHeaders(declined).get("b3").asText()).startsWith(b3Trace + "-").contains("-0-");
    // the next sampled trace in the same batch processor arrives; the two before it never do
    String sampledTrace = "463ac35c9f6413ad48485a3953bb6124";
    HttpResponse<String> sampled = gw.get("/otel-always/", "x-b3-traceid", sampledTrace, "x-b3-spanid",
        "a2fb4a1d1a96d312", "x-b3-sampled", "1", "x-drop-me", "1");
    var up = upstreamHeaders(sampled);
    assertThat(up.get("x-b3-traceid").asText()).isEqualTo(sampledTrace);
    assertThat(up.get("x-b3-sampled").asText()).isEqualTo("1");
    assertThat(up.get("x-b3-parentspanid").asText()).as("b3 carries the gateway span's parent").hasSize(16);
    assertThat(up.get("x-datadog-trace-id").asText())
        .isEqualTo(Long.toUnsignedString(HexFormat.fromHexDigitsToLong(sampledTrace.substring(16))));
    assertThat(up.has("x-drop-me")).as("propagation.clear").isFalse();
    collector.awaitTrace(sampledTrace, 5); // kong, balancer, router, the plugin's access and header_filter
    assertThat(collector.trace(neverTrace)).isEmpty();
    assertThat(collector.trace(b3Trace)).isEmpty();
  }

  @Test
  void logs_endpoint_gets_the_request_entry_as_an_otlp_log_record_in_the_trace() throws Exception {
    HttpResponse<String> r = gw.get("/otel-logs/a");
    String requestId = r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
    String trace = upstreamHeaders(r).get("traceparent").asText().split("-")[1];
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> records().stream()
        .anyMatch(l -> l.getBody().getStringValue().contains(requestId)));
    LogRecord record = records().stream().filter(l -> l.getBody().getStringValue().contains(requestId)).findFirst()
        .orElseThrow();
    assertThat(HexFormat.of().formatHex(record.getTraceId().toByteArray())).isEqualTo(trace);
    assertThat(record.getSeverityText()).isEqualTo("INFO");
    assertThat(record.getBody().getStringValue()).contains("\"started_at\"").contains("/otel-logs/a");
  }

  /** Kong: with tracing_instrumentations = off the plugin only propagates, unsampled, and exports nothing. */
  @Test
  void with_instrumentations_off_the_plugin_only_propagates() throws Exception {
    try (PluginGateway off = new PluginGateway()) {
      ObjectNode route = off.serviceAndRoute("/otel-off");
      off.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/off") + "\",\"sampling_rate\":1,"
          + "\"queue\":{\"max_coalescing_delay\":0.05}}", ref("route", route));
      off.apply();
      String trace = "5bd66ef5095369c7b0d1f8f4bd33716a";
      HttpResponse<String> r = off.get("/otel-off/", "traceparent", "00-" + trace + "-" + PARENT + "-01");
      String tp = upstreamHeaders(r).get("traceparent").asText();
      assertThat(tp).startsWith("00-" + trace + "-").endsWith("-00");
      assertThat(tp.split("-")[2]).isNotEqualTo(PARENT);
      // a sampled trace through the tracing gateway, same collector: it arrives, the other never does
      gw.get("/otel-chain/", "apikey", "alice-key", "traceparent", "00-" + trace.replace('5', '6') + "-" + PARENT + "-01");
      collector.awaitTrace(trace.replace('5', '6'), 7);
      assertThat(collector.trace(trace)).isEmpty();
      assertThat(collector.exports).noneMatch(e -> e.path().equals("/off"));
    }
  }

  /** Kong's kong.router, kong.<phase>.plugin.<name> and kong.dns spans: children of the request span, in its time. */
  @Test
  void router_plugin_phases_and_dns_are_spans_under_the_request_span() throws Exception {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> r = gw.get("/otel-dns/", "traceparent", "00-" + trace + "-" + PARENT + "-01");
    assertThat(r.statusCode()).isEqualTo(200);
    List<Received> spans = collector.awaitTrace(trace, 6);
    Received root = named(spans, "kong");
    for (Received s : spans) {
      if (s == root) continue;
      assertThat(s.parentSpanId()).as("%s's parent", s.span().getName()).isEqualTo(root.spanId());
      assertThat(s.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(root.span().getStartTimeUnixNano());
      assertThat(s.span().getEndTimeUnixNano()).isLessThanOrEqualTo(root.span().getEndTimeUnixNano())
          .isGreaterThanOrEqualTo(s.span().getStartTimeUnixNano());
    }
    Received router = named(spans, "kong.router");
    assertThat(router.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(router.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    Received dns = named(spans, "kong.dns");
    assertThat(dns.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(dns.attr("dns.record.domain")).isEqualTo("localhost");
    assertThat(dns.attr("dns.record.port")).isEqualTo(String.valueOf(gw.echoPort()));
    assertThat(dns.attr("dns.record.ip")).isEqualTo(named(spans, "kong.balancer").attr("net.peer.ip"));
    // the DNS lookup precedes the try it found the address for
    assertThat(dns.span().getEndTimeUnixNano())
        .isLessThanOrEqualTo(named(spans, "kong.balancer").span().getEndTimeUnixNano());
    Received access = named(spans, "kong.access.plugin.opentelemetry");
    assertThat(access.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(access.span().getEndTimeUnixNano()).isLessThanOrEqualTo(dns.span().getStartTimeUnixNano());
    assertThat(router.span().getEndTimeUnixNano()).isLessThanOrEqualTo(access.span().getStartTimeUnixNano());
    named(spans, "kong.header_filter.plugin.opentelemetry");
  }

  /**
   * Only the instrumentations asked for record; an unmatched request is traced too, and Kong's
   * router span for it has an error status.
   */
  @Test
  void a_request_no_route_matched_has_an_error_router_span_and_only_the_asked_instrumentations() throws Exception {
    try (PluginGateway routerOnly = PluginGateway.withTracing(new TracingSettings(Set.of("router"), 1.0))) {
      routerOnly.serviceAndRoute("/otel-routed");
      routerOnly.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/router-only") + "\","
          + "\"queue\":{\"max_coalescing_delay\":0.05}}", "");
      routerOnly.apply();
      // as in Kong, the access phase never ran: the request span starts a trace of its own (tracing_sampling_rate 1)
      HttpResponse<String> miss = routerOnly.get("/nowhere");
      assertThat(miss.statusCode()).isEqualTo(404);
      String requestId = miss.headers().firstValue("X-Kong-Request-Id").orElseThrow();
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> collector.spans().stream()
          .anyMatch(s -> requestId.equals(s.attr("kong.request.id"))));
      String missed = collector.spans().stream().filter(s -> requestId.equals(s.attr("kong.request.id")))
          .findFirst().orElseThrow().traceId();
      List<Received> spans = collector.awaitTrace(missed, 2);
      Received router = named(spans, "kong.router");
      assertThat(router.parentSpanId()).isEqualTo(named(spans, "kong").spanId());
      assertThat(router.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      String routed = "2f0c5e6b2d8a4c3e9b7a6d5c4b3a2918";
      assertThat(routerOnly.get("/otel-routed", "traceparent", "00-" + routed + "-" + PARENT + "-01").statusCode())
          .isEqualTo(200);
      assertThat(collector.awaitTrace(routed, 2)).extracting(s -> s.span().getName())
          .containsExactlyInAnyOrder("kong", "kong.router");
    }
  }

  /**
   * An instance that leaves the configuration shuts its exporter down, which sends what it still
   * queues; a change that keeps an instance with the same settings keeps the exporter.
   */
  @Test
  void an_instance_removed_by_a_config_change_closes_its_exporter_and_sends_its_queue() throws Exception {
    try (PluginGateway g = PluginGateway.withTracing(new TracingSettings(Set.of("request"), 1.0))) {
      ObjectNode route = g.serviceAndRoute("/otel-retire");
      String endpoint = collector.url("/retire");
      // a batch that waits an hour: only a shutdown sends it
      ObjectNode otel = g.plugin("opentelemetry", "{\"traces_endpoint\":\"" + endpoint + "\","
          + "\"queue\":{\"max_coalescing_delay\":3600,\"max_batch_size\":1000}}", ref("route", route));
      g.apply();
      String trace = "7a1c5e6b2d8a4c3e9b7a6d5c4b3a2918";
      assertThat(g.get("/otel-retire/", "traceparent", "00-" + trace + "-" + PARENT + "-01").statusCode())
          .isEqualTo(200);
      g.apply(); // a new version with the same instance: same exporter, the span still queued
      assertThat(Exporters.liveKeys()).anyMatch(k -> k.contains(endpoint));
      assertThat(collector.trace(trace)).isEmpty();
      g.delete("plugins", otel);
      g.apply();
      assertThat(Exporters.liveKeys()).noneMatch(k -> k.contains(endpoint));
      // shut down after the grace that lets the request's log phase finish: the queued span is sent
      assertThat(collector.awaitTrace(trace, 1)).extracting(s -> s.span().getName()).containsExactly("kong");
    }
  }

  /** Kong 3.9's deprecated shorthand: config.endpoint is written to traces_endpoint (never stored itself). */
  @Test
  void the_deprecated_endpoint_shorthand_becomes_traces_endpoint() throws Exception {
    try (PluginGateway g = PluginGateway.withTracing(new TracingSettings(Set.of("request"), 1.0))) {
      ObjectNode route = g.serviceAndRoute("/otel-shorthand");
      ObjectNode p = g.plugin("opentelemetry", "{\"endpoint\":\"" + collector.url("/shorthand") + "\","
          + "\"queue\":{\"max_coalescing_delay\":0.05}}", ref("route", route));
      assertThat(p.get("config").get("traces_endpoint").asText()).isEqualTo(collector.url("/shorthand"));
      assertThat(p.get("config").has("endpoint")).isFalse();
      g.apply();
      String trace = "8b1c5e6b2d8a4c3e9b7a6d5c4b3a2918";
      assertThat(g.get("/otel-shorthand/", "traceparent", "00-" + trace + "-" + PARENT + "-01").statusCode())
          .isEqualTo(200);
      assertThat(collector.awaitTrace(trace, 1)).extracting(Received::path).containsExactly("/shorthand");
    }
  }

  private static Received named(List<Received> spans, String name) {
    return spans.stream().filter(s -> s.span().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(s -> s.span().getName()).toList()));
  }

  private static List<LogRecord> records() {
    return collector.logExports.stream()
        .flatMap(e -> e.logs().getResourceLogsList().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream())
        .flatMap(sl -> sl.getLogRecordsList().stream())
        .toList();
  }
}
