package io.gatehouse.plugins.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.PluginChains;
import io.gatehouse.proxy.plugins.PluginRun;
import io.gatehouse.proxy.plugins.RequestFacts;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The prometheus log phase allocates nothing for a label set it has seen (issue 14: "no allocation
 * per request"): every flag on, per consumer, run through the proxy's real plugin runner, measured
 * with the JDK's per-thread allocation counter; the counts it made are read back from
 * {@code /metrics}.
 */
class PrometheusLogAllocationTest {
  private static final String SERVICE = "6d1c7b1e-0000-4000-8000-00000000c001";
  private static final String ROUTE = "6d1c7b1e-0000-4000-8000-00000000c002";
  private static final int REQUESTS = 50_000;

  @Test
  void the_log_phase_of_a_known_label_set_allocates_nothing() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
    mx.setThreadAllocatedMemoryEnabled(true);
    PrometheusPlugin prometheus = new PrometheusPlugin();
    ObjectNode svc = Json.object().put("id", SERVICE).put("name", "alloc-svc").put("host", "127.0.0.1").put("port", 80)
        .put("protocol", "http");
    ObjectNode route = Json.object().put("id", ROUTE).put("name", "alloc-route");
    route.set("paths", Json.array().add("/"));
    route.set("service", Json.object().put("id", SERVICE));
    ObjectNode plugin = Json.object().put("id", "6d1c7b1e-0000-4000-8000-00000000c003").put("name", "prometheus")
        .put("enabled", true);
    plugin.set("config", Json.object().put("per_consumer", true).put("status_code_metrics", true)
        .put("latency_metrics", true).put("bandwidth_metrics", true).put("upstream_health_metrics", true));
    ConfigSnapshot snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(svc), "routes", List.of(route),
        "plugins", List.of(plugin)));
    PluginChains chains = PluginChains.compile(snapshot, LoadedPlugins.of(prometheus), System.currentTimeMillis());
    Route r = snapshot.routes().getFirst();
    Service s = snapshot.services().getFirst();
    RequestFacts facts = new RequestFacts("GET", "http", "example.com", 8000, "/", null,
        new DefaultHttpHeaders().add("Host", "example.com").add("Content-Length", "12"), "127.0.0.1", "127.0.0.1");
    PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
    run.rewrite();
    run.access(r, s, () -> {});
    run.headerFilter(200, new DefaultHttpHeaders().add("Content-Length", "5"), true);

    long thread = Thread.currentThread().threadId();
    for (int i = 0; i < REQUESTS; i++) run.log(200); // warm up: the label set is stored once, the code compiled
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < REQUESTS; i++) run.log(200);
    double perRequest = (mx.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
    assertThat(perRequest).as("bytes per log phase").isLessThan(1);

    String metrics = (String) prometheus.statusEndpoints().getFirst().handler().apply(Map.of()).body();
    assertThat(metrics).contains("kong_http_requests_total{service=\"alloc-svc\",route=\"alloc-route\",code=\"200\","
        + "source=\"service\",workspace=\"default\",consumer=\"\"} " + 2 * REQUESTS);
    assertThat(metrics).contains("kong_request_latency_ms_count{service=\"alloc-svc\",route=\"alloc-route\","
        + "workspace=\"default\"} " + 2 * REQUESTS);
  }
}
