package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.proxy.plugins.PluginChains;
import io.gatehouse.proxy.plugins.PluginRun;
import io.gatehouse.proxy.plugins.PluginServices;
import io.gatehouse.proxy.plugins.RequestFacts;
import io.gatehouse.sdk.TracingSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request's plugin-runner phases with the opentelemetry plugin on its route and
 * {@code tracing_instrumentations = all}: rewrite, the router step, access, a DNS step, header
 * filter and log. {@code mode}: {@code none} (no tracing plugin, instrumentations off),
 * {@code unsampled} (sampling_rate 0: the node decides before the router and records nothing),
 * {@code sampled} (sampling_rate 1: every span is recorded and handed to the OTel SDK's batch
 * processor, which exports to a loopback HTTP server started here). Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TracingOverheadBenchmark {
  private static final String SERVICE = "6d1c7b1e-0000-4000-8000-00000000e001";

  @Param({"none", "unsampled", "sampled"})
  public String mode;

  private HttpServer collector;
  private PluginChains chains;
  private ConfigSnapshot snapshot;
  private RequestFacts facts;
  private final HttpHeaders responseHeaders = new DefaultHttpHeaders().add("Content-Type", "text/plain")
      .add("Content-Length", "5");

  @Setup(Level.Trial)
  public void setup() throws Exception {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/v1/traces", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    collector.start();
    ObjectNode svc = Json.object().put("id", SERVICE).put("name", "bench-svc").put("host", "127.0.0.1").put("port", 80)
        .put("protocol", "http");
    ObjectNode route = Json.object().put("id", "6d1c7b1e-0000-4000-8000-00000000e002").put("name", "traced");
    route.set("paths", Json.array().add("/traced"));
    route.set("service", Json.object().put("id", SERVICE));
    ObjectNode cors = plugin("6d1c7b1e-0000-4000-8000-00000000e003", "cors", route, Json.object());
    List<ObjectNode> plugins = List.of(cors);
    if (!mode.equals("none")) {
      ObjectNode conf = Json.object().put("traces_endpoint", "http://127.0.0.1:" + collector.getAddress().getPort()
          + "/v1/traces").put("sampling_rate", mode.equals("sampled") ? 1.0 : 0.0).put("header_type", "preserve");
      conf.set("queue", Json.object().put("max_batch_size", 200).put("max_coalescing_delay", 1)
          .put("max_entries", 10000).put("max_retry_time", 60).put("initial_retry_delay", 0.01)
          .put("max_retry_delay", 60).put("concurrency_limit", 1)); // Kong's defaults (no schema pass here)
      conf.set("propagation", Json.object().put("default_format", "w3c"));
      plugins = List.of(cors, plugin("6d1c7b1e-0000-4000-8000-00000000e004", "opentelemetry", route, conf));
    }
    snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(svc), "routes", List.of(route), "plugins", plugins));
    TracingSettings tracing = mode.equals("none") ? TracingSettings.OFF : new TracingSettings(Set.of("all"), 0.0);
    LoadedPlugins loaded = LoadedPlugins.load(List.of("bundled"), getClass().getClassLoader())
        .start(PluginServices.NONE.andTracing(tracing));
    chains = PluginChains.compile(snapshot, loaded, System.currentTimeMillis());
    facts = new RequestFacts("GET", "http", "example.com", 8000, "/traced", null,
        new DefaultHttpHeaders().add("Host", "example.com").add("User-Agent", "bench"), "127.0.0.1", "127.0.0.1");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    chains.retire();
    collector.stop(0);
  }

  private static ObjectNode plugin(String id, String name, ObjectNode route, ObjectNode config) {
    ObjectNode p = Json.object().put("id", id).put("name", name).put("enabled", true);
    p.set("route", Json.object().put("id", route.get("id").asText()));
    p.set("config", config);
    return p;
  }

  @Benchmark
  public int request() {
    PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
    run.rewrite();
    run.routerEnded(run.routerStarts(), true);
    run.access(snapshot.routes().getFirst(), snapshot.services().getFirst(), () -> {});
    run.dnsEnded(run.dnsStarts(), "origin.test", 80, "127.0.0.1", null);
    run.headerFilter(200, responseHeaders, true);
    run.log(200);
    return run.status();
  }
}
