package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.PluginChains;
import io.gatehouse.proxy.plugins.PluginRun;
import io.gatehouse.proxy.plugins.RequestFacts;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The prometheus plugin's log phase for one request whose label set was seen before, run by the
 * proxy's plugin runner: {@code flags} {@code all} turns on every family (status codes, the three
 * latency histograms, bandwidth, per consumer), {@code status} only {@code kong_http_requests_total}.
 * {@code baseline} is the log phase of a route whose plugin does nothing there (the runner alone).
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} should be 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrometheusLogBenchmark {
  private static final String SERVICE = "6d1c7b1e-0000-4000-8000-00000000d001";

  @Param({"all", "status"})
  public String flags;

  PluginRun counted;
  PluginRun baseline;

  @Setup
  public void setup() {
    ObjectNode svc = Json.object().put("id", SERVICE).put("name", "bench-svc").put("host", "127.0.0.1").put("port", 80)
        .put("protocol", "http");
    ObjectNode metered = route("6d1c7b1e-0000-4000-8000-00000000d002", "/metered");
    ObjectNode plain = route("6d1c7b1e-0000-4000-8000-00000000d003", "/plain");
    boolean all = flags.equals("all");
    ObjectNode prometheus = Json.object().put("id", "6d1c7b1e-0000-4000-8000-00000000d004").put("name", "prometheus")
        .put("enabled", true);
    prometheus.set("route", Json.object().put("id", metered.get("id").asText()));
    prometheus.set("config", Json.object().put("per_consumer", all).put("status_code_metrics", true)
        .put("latency_metrics", all).put("bandwidth_metrics", all).put("upstream_health_metrics", all));
    // a plugin with no log handler on the other route: the runner's own log phase
    ObjectNode cors = Json.object().put("id", "6d1c7b1e-0000-4000-8000-00000000d005").put("name", "cors")
        .put("enabled", true);
    cors.set("route", Json.object().put("id", plain.get("id").asText()));
    cors.set("config", Json.object());
    ConfigSnapshot snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(svc), "routes", List.of(metered, plain),
        "plugins", List.of(prometheus, cors)));
    LoadedPlugins plugins = LoadedPlugins.load(List.of("bundled"), getClass().getClassLoader());
    PluginChains chains = PluginChains.compile(snapshot, plugins, System.currentTimeMillis());
    counted = request(chains, snapshot, 0);
    baseline = request(chains, snapshot, 1);
  }

  private static PluginRun request(PluginChains chains, ConfigSnapshot snapshot, int route) {
    RequestFacts facts = new RequestFacts("GET", "http", "example.com", 8000, "/", null,
        new DefaultHttpHeaders().add("Host", "example.com").add("User-Agent", "bench"), "127.0.0.1", "127.0.0.1");
    PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
    run.rewrite();
    run.access(snapshot.routes().get(route), snapshot.services().getFirst(), () -> {});
    run.headerFilter(200, new DefaultHttpHeaders().add("Content-Type", "text/plain").add("Content-Length", "5"), true);
    run.log(200); // the label set is now known
    return run;
  }

  private static ObjectNode route(String id, String path) {
    ObjectNode r = Json.object().put("id", id).put("name", path.substring(1));
    r.set("paths", Json.array().add(path));
    r.set("service", Json.object().put("id", SERVICE));
    return r;
  }

  @Benchmark
  public int prometheusLog() {
    counted.log(200);
    return counted.status();
  }

  @Benchmark
  public int baseline() {
    baseline.log(200);
    return baseline.status();
  }
}
