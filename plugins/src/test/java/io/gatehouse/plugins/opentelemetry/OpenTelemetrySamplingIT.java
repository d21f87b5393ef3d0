package io.gatehouse.plugins.opentelemetry;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static io.gatehouse.plugins.testing.PluginGateway.upstreamHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.plugins.opentelemetry.OtlpReceiver.Received;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.sdk.TracingSettings;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's once-per-request sampling decision on a real proxy, on gateways where every
 * opentelemetry instance samples below 1 (so the node skips recording for requests none can keep),
 * with a real OTLP/HTTP collector and an echo upstream that shows the propagated context.
 */
class OpenTelemetrySamplingIT {
  static final String FAST = "\"queue\":{\"max_coalescing_delay\":0.05}";
  static final List<String> KONG_SPANS = List.of("kong", "kong.balancer", "kong.router",
      "kong.access.plugin.opentelemetry", "kong.header_filter.plugin.opentelemetry");
  static OtlpReceiver collector;

  @BeforeAll
  static void start() throws Exception {
    collector = new OtlpReceiver();
  }

  @AfterAll
  static void stop() {
    collector.close();
  }

  /**
   * sampling_rate 0.5, node rate 0: the requests the plugin samples carry flag 01 upstream and
   * arrive with every one of Kong's spans (the node recorded them under the id it drew before the
   * router); the others carry flag 00 and never arrive.
   */
  @Test
  void sampled_requests_keep_all_of_kongs_spans_and_unsampled_ones_send_none() throws Exception {
    try (PluginGateway g = PluginGateway.withTracing(new TracingSettings(Set.of("all"), 0.0))) {
      ObjectNode route = g.serviceAndRoute("/half");
      g.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/half") + "\",\"sampling_rate\":0.5,"
          + FAST + "}", ref("route", route));
      g.apply();
      List<String> sampled = new ArrayList<>();
      List<String> unsampled = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> r = g.get("/half/" + i);
        assertThat(r.statusCode()).isEqualTo(200);
        String[] tp = upstreamHeaders(r).get("traceparent").asText().split("-");
        assertThat(tp[3]).isIn("00", "01");
        (tp[3].equals("01") ? sampled : unsampled).add(tp[1]);
      }
      assertThat(sampled).as("about half of 40 sampled").hasSizeBetween(5, 35);
      assertThat(unsampled).hasSizeBetween(5, 35);
      for (String trace : sampled) {
        List<Received> spans = collector.awaitTrace(trace, KONG_SPANS.size());
        assertThat(spans).extracting(s -> s.span().getName()).containsExactlyInAnyOrderElementsOf(KONG_SPANS);
        String root = spans.stream().filter(s -> s.span().getName().equals("kong")).findFirst().orElseThrow().spanId();
        assertThat(spans).filteredOn(s -> !s.span().getName().equals("kong"))
            .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(root));
      }
      // every sampled trace arrived through the same batch processor: the unsampled ones, older, never do
      for (String trace : unsampled) assertThat(collector.trace(trace)).as(trace).isEmpty();
    }
  }

  /**
   * sampling_rate 0: the upstream still gets a traceparent, with flag 00 (Kong injects the
   * unsampled context), continuing an incoming trace too, and the collector receives no span.
   */
  @Test
  void rate_zero_propagates_unsampled_and_exports_nothing() throws Exception {
    try (PluginGateway g = PluginGateway.withTracing(new TracingSettings(Set.of("all"), 0.0))) {
      ObjectNode route = g.serviceAndRoute("/zero");
      g.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/zero") + "\",\"sampling_rate\":0,"
          + FAST + "}", ref("route", route));
      g.apply();
      for (int i = 0; i < 5; i++) {
        assertThat(upstreamHeaders(g.get("/zero/" + i)).get("traceparent").asText())
            .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
      }
      String incoming = "0af7651916cd43dd8448eb211c80319c";
      String tp = upstreamHeaders(g.get("/zero/in", "traceparent", "00-" + incoming + "-b7ad6b7169203331-01"))
          .get("traceparent").asText();
      assertThat(tp).startsWith("00-" + incoming + "-").endsWith("-00");
      // a sentinel: a sampled request of another gateway to the same collector arrives, then nothing from /zero
      try (PluginGateway s = PluginGateway.withTracing(new TracingSettings(Set.of("all"), 1.0))) {
        ObjectNode r = s.serviceAndRoute("/sentinel");
        s.plugin("opentelemetry", "{\"traces_endpoint\":\"" + collector.url("/sentinel") + "\"," + FAST + "}",
            ref("route", r));
        s.apply();
        String trace = upstreamHeaders(s.get("/sentinel/")).get("traceparent").asText().split("-")[1];
        collector.awaitTrace(trace, KONG_SPANS.size());
      }
      Thread.sleep(300); // six coalescing delays of the /zero exporter, had it anything queued
      assertThat(collector.exports).noneMatch(e -> e.path().equals("/zero"));
      assertThat(collector.trace(incoming)).isEmpty();
    }
  }
}
