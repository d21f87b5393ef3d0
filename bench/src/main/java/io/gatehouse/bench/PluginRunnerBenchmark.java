package io.gatehouse.bench;

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
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plugin phase runner for one request: rewrite, access, header_filter and log over a route's
 * chain. {@code empty} is a route with no plugin, {@code keyAuthAcl} runs key-auth (a valid key)
 * then acl. Run with {@code -prof gc}: the runner's own cost is the difference to the plugins' work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PluginRunnerBenchmark {
  PluginChains chains;
  Route guarded;
  Route open;
  Service service;
  HttpHeaders responseHeaders = new DefaultHttpHeaders();

  @Setup
  public void setup() {
    String svc = "6d1c7b1e-0000-4000-8000-000000000001";
    String consumer = "6d1c7b1e-0000-4000-8000-000000000002";
    ObjectNode service = Json.object().put("id", svc).put("host", "127.0.0.1").put("port", 80).put("protocol", "http");
    ObjectNode r1 = route("6d1c7b1e-0000-4000-8000-000000000003", svc, "/guarded");
    ObjectNode r2 = route("6d1c7b1e-0000-4000-8000-000000000004", null, "/open");
    ObjectNode keyAuth = plugin("key-auth", r1, Json.object().<ObjectNode>set("key_names", Json.array().add("apikey"))
        .put("hide_credentials", false).put("key_in_header", true).put("key_in_query", true).put("key_in_body", false)
        .put("run_on_preflight", true));
    ObjectNode acl = plugin("acl", r1, Json.object().<ObjectNode>set("allow", Json.array().add("gold"))
        .put("hide_groups_header", false).put("always_use_authenticated_groups", false));
    ConfigSnapshot snapshot = ConfigSnapshot.of(1, Map.of(
        "services", List.of(service), "routes", List.of(r1, r2), "plugins", List.of(keyAuth, acl),
        "consumers", List.of(Json.object().put("id", consumer).put("username", "bench")),
        "keyauth_credentials", List.of(Json.object().put("id", "6d1c7b1e-0000-4000-8000-000000000005").put("key", "secret-key")
            .set("consumer", Json.object().put("id", consumer))),
        "acls", List.of(Json.object().put("id", "6d1c7b1e-0000-4000-8000-000000000006").put("group", "gold")
            .set("consumer", Json.object().put("id", consumer)))));
    LoadedPlugins plugins = LoadedPlugins.load(List.of("bundled"), getClass().getClassLoader());
    chains = PluginChains.compile(snapshot, plugins, System.currentTimeMillis());
    guarded = snapshot.routes().get(0);
    open = snapshot.routes().get(1);
    this.service = snapshot.services().getFirst();
  }

  private static ObjectNode route(String id, String service, String path) {
    ObjectNode r = Json.object().put("id", id);
    r.set("paths", Json.array().add(path));
    r.set("service", service == null ? Json.NODES.nullNode() : Json.object().put("id", service));
    return r;
  }

  private static ObjectNode plugin(String name, ObjectNode route, ObjectNode config) {
    ObjectNode p = Json.object().put("id", java.util.UUID.randomUUID().toString()).put("name", name).put("enabled", true);
    p.set("route", Json.object().put("id", route.get("id").asText()));
    p.set("config", config);
    return p;
  }

  private int run(Route route) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("apikey", "secret-key");
    RequestFacts facts = new RequestFacts("GET", "http", "example.com", 8000, "/guarded", null, h, "127.0.0.1", "127.0.0.1");
    PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
    run.rewrite();
    int[] proceeded = new int[1];
    run.access(route, service, () -> proceeded[0]++);
    run.headerFilter(200, responseHeaders, true);
    run.log(200);
    return proceeded[0] + (run.response() == null ? 0 : 100) + h.size();
  }

  @Benchmark
  public int empty() {
    return run(open);
  }

  @Benchmark
  public int keyAuthAcl() {
    return run(guarded);
  }
}
