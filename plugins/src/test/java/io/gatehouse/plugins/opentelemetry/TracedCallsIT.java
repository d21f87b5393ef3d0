package io.gatehouse.plugins.opentelemetry;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.plugins.opentelemetry.OtlpReceiver.Received;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.OffLoopCounters;
import io.gatehouse.proxy.plugins.PluginServices;
import io.gatehouse.proxy.testing.TestDnsServer;
import io.gatehouse.proxy.testing.TestDnsServer.Rec;
import io.gatehouse.proxy.upstream.DnsServers;
import io.gatehouse.sdk.TracingSettings;
import io.gatehouse.store.counters.SqlCounters;
import io.gatehouse.store.sqlite.SqliteConfigStore;
import io.netty.handler.codec.dns.DnsRecordType;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kong's {@code db_query}, {@code http_client} and upstream {@code dns_query} instrumentations end
 * to end (Kong 3.9 kong/observability/tracing/instrumentation.lua): a node with
 * {@code tracing_instrumentations = all} whose rate-limiting counts in a real SQLite file
 * ({@code policy = cluster}), an azure-functions route calling a real HTTP server, and an upstream
 * whose TTL-0 target a real DNS server answers; opentelemetry exports to the real OTLP receiver.
 */
class TracedCallsIT {
  static final String PARENT = "b7ad6b7169203331";
  static OtlpReceiver collector;
  static TestDnsServer dns;
  static HttpServer functions;
  static SqlCounters sql;
  static OffLoopCounters counters;
  static PluginGateway gw;
  static String limitedRoute;

  @BeforeAll
  static void start() throws Exception {
    collector = new OtlpReceiver();
    dns = TestDnsServer.start();
    functions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    functions.createContext("/", x -> {
      byte[] body = "{\"from\":\"function\"}".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    functions.start();
    Path dir = Files.createTempDirectory("traced-calls");
    sql = SqliteConfigStore.counters(dir.resolve("gatehouse.db"));
    counters = new OffLoopCounters(sql::admit, sql::add);
    LoadedPlugins plugins = LoadedPlugins.load(List.of("bundled"), TracedCallsIT.class.getClassLoader())
        .start(PluginServices.NONE.andTracing(new TracingSettings(Set.of("all"), 1.0)).andCounters(counters));
    gw = new PluginGateway(plugins, o -> o.dnsResolver(new DnsServers(List.of(dns.address()))));
    String otel = "{\"traces_endpoint\":\"" + collector.url("/calls") + "\",\"queue\":{\"max_coalescing_delay\":0.05}}";
    gw.plugin("opentelemetry", otel, "");
    ObjectNode limited = gw.serviceAndRoute("/calls-db");
    limitedRoute = PluginGateway.id(limited);
    gw.plugin("rate-limiting", "{\"minute\":100,\"policy\":\"cluster\"}", ref("route", limited));
    ObjectNode fn = gw.insert("routes", "{\"paths\":[\"/calls-fn\"]}");
    gw.plugin("azure-functions", "{\"https\":false,\"appname\":\"127\",\"hostdomain\":\"0.0.1:"
        + functions.getAddress().getPort() + "\",\"functionname\":\"hello\"}", ref("route", fn));
    dns.set("zero.calls.test", DnsRecordType.A, Rec.a("127.0.0.1", 0));
    ObjectNode upstream = gw.insert("upstreams", "{\"name\":\"zero-calls\"}");
    gw.insert("targets", "{" + ref("upstream", upstream) + ",\"target\":\"zero.calls.test:" + gw.echoPort() + "\"}");
    ObjectNode svc = gw.insert("services", "{\"host\":\"zero-calls\",\"port\":80}");
    gw.insert("routes", "{\"paths\":[\"/calls-dns\"]," + ref("service", svc) + "}");
    gw.apply();
    // a build waits 2 s at most for a target's first answer, and a balancer built without it is not
    // rebuilt when the answer comes later (a slow first lookup on a loaded machine): build again
    // once the answer is cached, so the DNS test below sees the TTL-0 target
    Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
      if (gw.get("/calls-dns/warm-up").statusCode() == 200) return true;
      gw.apply();
      return false;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) gw.close();
    if (counters != null) counters.close();
    if (sql != null) sql.close();
    if (functions != null) functions.stop(0);
    if (dns != null) dns.close();
    if (collector != null) collector.close();
  }

  /** A request whose plugin counts in the database: its statements are spans of the request's trace. */
  @Test
  void store_statements_of_a_request_are_database_query_spans_in_its_trace() {
    String trace = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f";
    HttpResponse<String> r = gw.get("/calls-db/", "traceparent", "00-" + trace + "-" + PARENT + "-01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-RateLimit-Remaining-Minute")).hasValue("99");
    List<Received> spans = awaitSpan(trace, "kong.database.query");
    Received root = named(spans, "kong");
    List<Received> queries = spans.stream().filter(s -> s.span().getName().equals("kong.database.query"))
        .sorted(java.util.Comparator.comparingLong(s -> s.span().getStartTimeUnixNano())).toList();
    // the cluster counter's one transaction: begin, read, add, commit
    assertThat(queries).extracting(q -> q.attr("db.statement")).first().isEqualTo("BEGIN IMMEDIATE");
    assertThat(queries).extracting(q -> q.attr("db.statement")).anyMatch(s -> s.startsWith("SELECT value FROM ratelimiting_metrics"))
        .anyMatch(s -> s.startsWith("INSERT INTO ratelimiting_metrics")).contains("COMMIT");
    for (Received q : queries) {
      assertThat(q.attr("db.system")).isEqualTo("sqlite");
      assertThat(q.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
      assertThat(q.parentSpanId()).isEqualTo(root.spanId());
      // parameters stay out of the text: never the counter keys (route id, client address)
      assertThat(q.attr("db.statement")).doesNotContain(limitedRoute).doesNotContain("127.0.0.1");
    }
    // inside the rate-limiting access handler that waited for them
    Received access = named(spans, "kong.access.plugin.rate-limiting");
    for (Received q : queries) {
      assertThat(q.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(access.span().getStartTimeUnixNano());
      assertThat(q.span().getEndTimeUnixNano()).isLessThanOrEqualTo(access.span().getEndTimeUnixNano());
    }
  }

  /** A plugin's outbound call (azure-functions invoking its function) is Kong's kong.internal.request. */
  @Test
  void a_plugins_outbound_call_is_an_internal_request_client_span() {
    HttpResponse<String> r = gw.get("/calls-fn/x?q=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("function");
    String requestId = r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
    // azure-functions answers before opentelemetry's access handler runs: find the trace by request id
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> collector.spans().stream()
        .anyMatch(s -> requestId.equals(s.attr("kong.request.id"))));
    String trace = collector.spans().stream().filter(s -> requestId.equals(s.attr("kong.request.id")))
        .findFirst().orElseThrow().traceId();
    List<Received> spans = awaitSpan(trace, "kong.internal.request");
    Received call = named(spans, "kong.internal.request");
    assertThat(call.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(call.parentSpanId()).isEqualTo(named(spans, "kong").spanId());
    assertThat(call.attr("http.url"))
        .isEqualTo("http://127.0.0.1:" + functions.getAddress().getPort() + "/api/hello?q=1");
    assertThat(call.attr("http.method")).isEqualTo("GET");
    assertThat(call.attr("http.status_code")).isEqualTo("200");
    assertThat(call.attr("http.flavor")).isEqualTo("1.1");
    assertThat(call.attr("http.user_agent")).isNotBlank();
    assertThat(call.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    Received access = named(spans, "kong.access.plugin.azure-functions");
    assertThat(call.span().getStartTimeUnixNano()).isGreaterThanOrEqualTo(access.span().getStartTimeUnixNano());
    assertThat(call.span().getEndTimeUnixNano()).isLessThanOrEqualTo(access.span().getEndTimeUnixNano());
  }

  /** A TTL-0 upstream target is looked up for each request (Kong's toip): a kong.dns span with the target. */
  @Test
  void a_ttl_zero_upstream_target_lookup_is_a_dns_span() {
    String trace = "2c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f";
    HttpResponse<String> r = gw.get("/calls-dns/", "traceparent", "00-" + trace + "-" + PARENT + "-01");
    assertThat(r.statusCode()).isEqualTo(200);
    List<Received> spans = awaitSpan(trace, "kong.dns");
    Received lookup = named(spans, "kong.dns");
    assertThat(lookup.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    assertThat(lookup.attr("dns.record.domain")).isEqualTo("zero.calls.test");
    assertThat(lookup.attr("dns.record.port")).isEqualTo(String.valueOf(gw.echoPort()));
    assertThat(lookup.attr("dns.record.ip")).isEqualTo("127.0.0.1");
    assertThat(lookup.parentSpanId()).isEqualTo(named(spans, "kong").spanId());
    assertThat(lookup.span().getEndTimeUnixNano())
        .isLessThanOrEqualTo(named(spans, "kong.balancer").span().getEndTimeUnixNano());
  }

  /** The trace's spans once one named {@code name} and the request span arrived. */
  private static List<Received> awaitSpan(String trace, String name) {
    Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
        .until(() -> collector.trace(trace).stream().anyMatch(s -> s.span().getName().equals(name))
            && collector.trace(trace).stream().anyMatch(s -> s.span().getName().equals("kong")));
    return collector.trace(trace);
  }

  private static Received named(List<Received> spans, String name) {
    return spans.stream().filter(s -> s.span().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in "
            + spans.stream().map(s -> s.span().getName()).toList()));
  }
}
