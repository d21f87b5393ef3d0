package io.gatehouse.plugins.zipkin;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.error.KongException;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.Annotation;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * zipkin on a real proxy and echo upstream, reporting to a Zipkin v2 HTTP receiver that decodes
 * with Zipkin's own {@code zipkin2} codec (Kong 3.9 kong/plugins/zipkin).
 */
class ZipkinIT {
  static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
  static final String SPAN = "a2fb4a1d1a96d312";
  static final String PARENT = "0020000000000001";
  static final List<Span> received = new CopyOnWriteArrayList<>();
  static final List<String> contentTypes = new CopyOnWriteArrayList<>();
  static HttpServer zipkin;
  static PluginGateway gw;
  static ObjectNode b3Route;

  @BeforeAll
  static void start() throws Exception {
    zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    zipkin.createContext("/api/v2/spans", exchange -> {
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      received.addAll(SpanBytesDecoder.JSON_V2.decodeList(exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    zipkin.start();
    String endpoint = "\"http_endpoint\":\"http://127.0.0.1:" + zipkin.getAddress().getPort() + "/api/v2/spans\","
        + "\"queue\":{\"max_batch_size\":50,\"max_coalescing_delay\":0.05}";
    gw = new PluginGateway();
    b3Route = gw.serviceAndRoute("/zipkin-b3");
    gw.plugin("zipkin", "{" + endpoint + ",\"sample_ratio\":0,\"local_service_name\":\"edge\","
        + "\"static_tags\":[{\"name\":\"env\",\"value\":\"test\"}]}", ref("route", b3Route));
    ObjectNode fresh = gw.serviceAndRoute("/zipkin-new");
    gw.plugin("zipkin", "{" + endpoint + ",\"sample_ratio\":1,\"traceid_byte_count\":8,\"default_header_type\":\"w3c\","
        + "\"http_span_name\":\"method_path\",\"phase_duration_flavor\":\"tags\",\"default_service_name\":\"origin\","
        + "\"http_response_header_for_traceid\":\"X-Zipkin-Trace\"}", ref("route", fresh));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    zipkin.stop(0);
  }

  static List<Span> awaitTrace(String traceId, int count) {
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> trace(traceId).size() >= count);
    return trace(traceId);
  }

  static List<Span> trace(String traceId) {
    return received.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  static Span named(List<Span> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void b3_in_b3_out_and_the_request_proxy_and_balancer_spans_are_connected() throws Exception {
    HttpResponse<String> r = gw.get("/zipkin-b3/p", "x-b3-traceid", TRACE, "x-b3-spanid", SPAN,
        "x-b3-parentspanid", PARENT, "x-b3-sampled", "1", "Zipkin-Tags", "team=core; bad;tier = gold");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode up = upstreamHeaders(r);
    assertThat(up.get("x-b3-traceid").asText()).isEqualTo(TRACE);
    assertThat(up.get("x-b3-sampled").asText()).isEqualTo("1");
    assertThat(up.get("x-b3-parentspanid").asText()).as("the proxy span's parent is the continued span").isEqualTo(SPAN);

    List<Span> spans = awaitTrace(TRACE, 3);
    Span request = named(spans, "get");
    Span proxy = named(spans, "get (proxy)");
    Span attempt = named(spans, "get (balancer try 1)");
    // b3 reuses the incoming span id for the server span
    assertThat(request.id()).isEqualTo(SPAN);
    assertThat(request.parentId()).isEqualTo(PARENT);
    assertThat(request.kind()).isEqualTo(Span.Kind.SERVER);
    assertThat(proxy.parentId()).isEqualTo(SPAN);
    assertThat(proxy.id()).isEqualTo(up.get("x-b3-spanid").asText());
    assertThat(proxy.kind()).isEqualTo(Span.Kind.CLIENT);
    assertThat(attempt.parentId()).isEqualTo(SPAN);
    assertThat(request.localServiceName()).isEqualTo("edge");
    assertThat(request.tags()).containsEntry("lc", "kong").containsEntry("http.method", "GET")
        .containsEntry("http.path", "/zipkin-b3/p").containsEntry("http.status_code", "200")
        .containsEntry("env", "test").containsEntry("team", "core").containsEntry("tier", "gold")
        .containsKey("kong.node.id");
    assertThat(proxy.tags()).containsEntry("kong.route", id(b3Route)).containsEntry("peer.hostname", "127.0.0.1");
    assertThat(proxy.remoteEndpoint().portAsInt()).isEqualTo(gw.echoPort());
    assertThat(attempt.tags()).containsEntry("kong.balancer.try", "1").doesNotContainKey("error");
    assertThat(attempt.remoteEndpoint().ipv4()).isEqualTo("127.0.0.1");
    assertThat(proxy.annotations()).extracting(Annotation::value)
        .containsExactlyInAnyOrder("kas", "kaf", "khs", "khf", "kbf");
    assertThat(request.annotations()).extracting(Annotation::value).containsExactly("krs");
    assertThat(request.timestampAsLong()).isLessThanOrEqualTo(proxy.timestampAsLong());
    assertThat(request.durationAsLong()).isGreaterThanOrEqualTo(0);
    assertThat(contentTypes).contains("application/json");
  }

  @Test
  void sample_ratio_decides_for_requests_without_a_trace() throws Exception {
    HttpResponse<String> unsampled = gw.get("/zipkin-b3/none");
    JsonNode up = upstreamHeaders(unsampled);
    assertThat(up.get("x-b3-sampled").asText()).isEqualTo("0");
    String unsampledTrace = up.get("x-b3-traceid").asText();

    HttpResponse<String> sampled = gw.get("/zipkin-new/fresh");
    String trace = sampled.headers().firstValue("X-Zipkin-Trace").orElseThrow();
    assertThat(trace).as("traceid_byte_count 8").hasSize(16);
    String traceparent = upstreamHeaders(sampled).get("traceparent").asText();
    assertThat(traceparent).as("default_header_type w3c pads the id to 16 bytes")
        .matches("00-0{16}" + trace + "-[0-9a-f]{16}-01");
    List<Span> spans = awaitTrace(trace, 3);
    Span request = named(spans, "get /zipkin-new/fresh");
    assertThat(request.parentId()).isNull();
    Span proxy = named(spans, "get /zipkin-new/fresh (proxy)");
    assertThat(proxy.tags()).containsKey("kong.access.duration_ms");
    assertThat(proxy.annotations()).isEmpty();
    assertThat(request.remoteServiceName()).isEqualTo("origin");
    assertThat(trace(unsampledTrace)).isEmpty();
  }

  @Test
  void static_tags_may_not_reuse_protected_or_repeated_names() {
    assertThatThrownBy(() -> gw.plugin("zipkin", "{\"static_tags\":[{\"name\":\"lc\",\"value\":\"x\"}]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("must not be one of: error, http.method");
    assertThatThrownBy(() -> gw.plugin("zipkin",
        "{\"static_tags\":[{\"name\":\"a\",\"value\":\"x\"},{\"name\":\"a\",\"value\":\"y\"}]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("repeated tags are not allowed: a");
  }
}
