package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HeaderPhase;
import io.gatehouse.sdk.LogPhase;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request path allocates no context per plugin and phase: {@link PluginRun} is every phase's
 * context and the SDK's route/service views are made once per snapshot. Measured with the JDK's
 * per-thread allocation counter over many requests, comparing a route with one plugin to a route
 * with eight that each read the route, service, consumer, request, upstream and response headers
 * in access, header_filter and log: each extra plugin must cost (close to) nothing.
 */
class PluginRunAllocationTest {
  private static final String SERVICE = "6d1c7b1e-0000-4000-8000-00000000a001";
  private static final int REQUESTS = 20_000;

  record Config(@Default("x") String tag) {}

  /** Reads what every phase offers; allocates nothing of its own. */
  abstract static class Reader implements Plugin<Config> {
    @Override
    public void access(AccessPhase ctx, Config config) {
      sink(ctx.route().id(), ctx.service().host(), ctx.pluginId(), ctx.request().method(), ctx.upstream().method());
      sink(ctx.requestId(), ctx.consumer() == null ? "" : "c", config.tag(), "", "");
    }

    @Override
    public void headerFilter(HeaderPhase ctx, Config config) {
      sink(ctx.route().name(), ctx.responseHeaders().get("Content-Type"), ctx.pluginId(), ctx.request().host(), "");
    }

    @Override
    public void log(LogPhase ctx, Config config) {
      sink(ctx.route().id(), ctx.service().protocol(), ctx.responseHeaders().get("Content-Type"), ctx.pluginId(),
          ctx.status() == 200 ? "ok" : "no");
    }
  }

  static volatile int seen;

  static void sink(Object a, Object b, Object c, Object d, Object e) {
    seen += (a == null ? 0 : 1) + (b == null ? 0 : 1) + (c == null ? 0 : 1) + (d == null ? 0 : 1) + (e == null ? 0 : 1);
  }

  @PluginInfo(name = "alloc-a", priority = 108) public static final class A extends Reader {}
  @PluginInfo(name = "alloc-b", priority = 107) public static final class B extends Reader {}
  @PluginInfo(name = "alloc-c", priority = 106) public static final class C extends Reader {}
  @PluginInfo(name = "alloc-d", priority = 105) public static final class D extends Reader {}
  @PluginInfo(name = "alloc-e", priority = 104) public static final class E extends Reader {}
  @PluginInfo(name = "alloc-f", priority = 103) public static final class F extends Reader {}
  @PluginInfo(name = "alloc-g", priority = 102) public static final class G extends Reader {}
  @PluginInfo(name = "alloc-h", priority = 101) public static final class H extends Reader {}

  private static final List<String> NAMES =
      List.of("alloc-a", "alloc-b", "alloc-c", "alloc-d", "alloc-e", "alloc-f", "alloc-g", "alloc-h");

  PluginChains chains;
  Route one;
  Route eight;
  Service service;
  final HttpHeaders requestHeaders = new DefaultHttpHeaders().add("Host", "example.com");
  final HttpHeaders responseHeaders = new DefaultHttpHeaders().add("Content-Type", "text/plain");
  final RequestFacts facts =
      new RequestFacts("GET", "http", "example.com", 8000, "/p", null, requestHeaders, "127.0.0.1", "127.0.0.1");

  PluginRunAllocationTest() {
    ObjectNode svc = Json.object().put("id", SERVICE).put("name", "s").put("host", "127.0.0.1").put("port", 80)
        .put("protocol", "http");
    ObjectNode r1 = route("6d1c7b1e-0000-4000-8000-00000000a002", "/one");
    ObjectNode r8 = route("6d1c7b1e-0000-4000-8000-00000000a003", "/eight");
    List<ObjectNode> plugins = new ArrayList<>();
    plugins.add(plugin("alloc-a", r1));
    NAMES.forEach(n -> plugins.add(plugin(n, r8)));
    ConfigSnapshot snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(svc), "routes", List.of(r1, r8),
        "plugins", plugins));
    LoadedPlugins loaded = LoadedPlugins.of(new A(), new B(), new C(), new D(), new E(), new F(), new G(), new H());
    chains = PluginChains.compile(snapshot, loaded, System.currentTimeMillis());
    one = snapshot.routes().get(0);
    eight = snapshot.routes().get(1);
    service = snapshot.services().getFirst();
  }

  private static ObjectNode route(String id, String path) {
    ObjectNode r = Json.object().put("id", id).put("name", path.substring(1));
    r.set("paths", Json.array().add(path));
    r.set("service", Json.object().put("id", SERVICE));
    return r;
  }

  private static ObjectNode plugin(String name, ObjectNode route) {
    ObjectNode p = Json.object().put("id", java.util.UUID.randomUUID().toString()).put("name", name).put("enabled", true);
    p.set("route", Json.object().put("id", route.get("id").asText()));
    p.set("config", Json.object().put("tag", "x"));
    return p;
  }

  private final Runnable proceed = () -> seen++;

  private void request(Route route) {
    PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
    run.rewrite();
    run.access(route, service, proceed);
    run.headerFilter(200, responseHeaders, true);
    run.log(200);
  }

  /** Bytes this thread allocates per request on {@code route}, after warming up. */
  private double bytesPerRequest(Route route) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    for (int i = 0; i < REQUESTS; i++) {
      request(route);
    }
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < REQUESTS; i++) {
      request(route);
    }
    return (mx.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
  }

  @Test
  void each_plugin_costs_no_context_allocation_in_any_phase() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
    mx.setThreadAllocatedMemoryEnabled(true);
    // the plugins really run: each of the 8 reads in 3 phases
    int before = seen;
    request(eight);
    assertThat(seen - before).isGreaterThan(8 * 3 * 4);

    double withOne = Math.min(bytesPerRequest(one), bytesPerRequest(one));
    double withEight = Math.min(bytesPerRequest(eight), bytesPerRequest(eight));
    double perPlugin = (withEight - withOne) / 7;
    // one wrapper object per phase per plugin (the old adapters) would be >= 3 x 16 bytes per plugin
    assertThat(perPlugin).as("bytes per extra plugin (one: %.0f, eight: %.0f)", withOne, withEight).isLessThan(12);
    // the request's own objects: the run, its applied list, the request/upstream/response header views
    assertThat(withEight).as("bytes per request with eight plugins").isLessThan(600);
  }
}
