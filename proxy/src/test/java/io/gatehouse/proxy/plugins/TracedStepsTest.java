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
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.RewritePhase;
import io.gatehouse.sdk.TracedSpan;
import io.gatehouse.sdk.TracingSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The steps {@code tracing_instrumentations} records on the request path (Kong's
 * {@code kong.router}, {@code kong.<phase>.plugin.<name>}, {@code kong.dns}): what is recorded
 * with each setting, and that a node recording none of them allocates nothing for it.
 */
class TracedStepsTest {
  private static final String SERVICE = "6d1c7b1e-0000-4000-8000-00000000b001";
  private static final int REQUESTS = 10_000;

  record Config(@Default("x") String tag) {}

  @PluginInfo(name = "steps-global", priority = 900)
  public static final class Global implements Plugin<Config> {
    /** Stands for a tracing plugin: it reads the node's spans at this rate. */
    @Override
    public double tracedSpansSamplingRate(Config config) {
      return keepRate;
    }

    @Override
    public void rewrite(RewritePhase ctx, Config config) {
      sink++;
    }

    @Override
    public void access(AccessPhase ctx, Config config) {
      sink++;
    }

    @Override
    public void headerFilter(HeaderPhase ctx, Config config) {
      sink++;
    }
  }

  @PluginInfo(name = "steps-broken", priority = 800)
  public static final class Broken implements Plugin<Config> {
    @Override
    public void access(AccessPhase ctx, Config config) {
      if (ctx.request().path().equals("/broken")) throw new IllegalStateException("boom");
      sink++;
    }
  }

  static volatile int sink;
  static volatile double keepRate = 1;

  @org.junit.jupiter.api.AfterEach
  void resetRate() {
    keepRate = 1;
  }

  private final HttpHeaders responseHeaders = new DefaultHttpHeaders().add("Content-Type", "text/plain");
  private final Route route;
  private final Service service;
  private final ConfigSnapshot snapshot;

  TracedStepsTest() {
    ObjectNode svc = Json.object().put("id", SERVICE).put("name", "s").put("host", "127.0.0.1").put("port", 80)
        .put("protocol", "http");
    ObjectNode r = Json.object().put("id", "6d1c7b1e-0000-4000-8000-00000000b002").put("name", "r");
    r.set("paths", Json.array().add("/"));
    r.set("service", Json.object().put("id", SERVICE));
    snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(svc), "routes", List.of(r),
        "plugins", List.of(plugin("steps-global"), plugin("steps-broken"))));
    route = snapshot.routes().getFirst();
    service = snapshot.services().getFirst();
  }

  private static ObjectNode plugin(String name) {
    ObjectNode p = Json.object().put("id", java.util.UUID.randomUUID().toString()).put("name", name).put("enabled", true);
    p.set("config", Json.object().put("tag", "x"));
    return p;
  }

  private PluginChains chains(Set<String> instrumentations) {
    LoadedPlugins loaded = LoadedPlugins.of(new Global(), new Broken())
        .start(PluginServices.NONE.andTracing(new TracingSettings(instrumentations, 1)));
    return PluginChains.compile(snapshot, loaded, System.currentTimeMillis());
  }

  private final Runnable proceed = () -> sink++;

  /** One request as the proxy drives it, router and DNS steps included. */
  private PluginRun request(PluginChains chains, String path) {
    RequestFacts facts = new RequestFacts("GET", "http", "example.com", 8000, path, null,
        new DefaultHttpHeaders().add("Host", "example.com"), "127.0.0.1", "127.0.0.1");
    PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
    run.rewrite();
    long router = run.routerStarts();
    run.routerEnded(router, true);
    run.access(route, service, proceed);
    long dns = run.dnsStarts();
    run.dnsEnded(dns, "origin.test", 8080, "127.0.0.1", null);
    run.headerFilter(200, responseHeaders, true);
    run.log(200);
    return run;
  }

  @Test
  void all_records_router_each_plugin_phase_and_dns_with_kongs_names() {
    List<TracedSpan> spans = request(chains(Set.of("all")), "/ok").tracedSpans();
    assertThat(spans).extracting(TracedSpan::name).containsExactly("kong.rewrite.plugin.steps-global",
        "kong.router", "kong.access.plugin.steps-global", "kong.access.plugin.steps-broken", "kong.dns",
        "kong.header_filter.plugin.steps-global");
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i).startEpochNanos()).isGreaterThanOrEqualTo(spans.get(i - 1).endEpochNanos());
    }
    assertThat(spans).filteredOn(TracedSpan::failed).isEmpty();
    TracedSpan dns = spans.get(4);
    assertThat(dns.client()).isTrue();
    assertThat(dns.attributes()).containsExactlyInAnyOrderEntriesOf(
        Map.of("dns.record.domain", "origin.test", "dns.record.port", 8080L, "dns.record.ip", "127.0.0.1"));
    assertThat(spans.get(0).client()).isFalse();
    long now = System.currentTimeMillis() * 1_000_000L;
    assertThat(spans.getFirst().startEpochNanos()).isBetween(now - 5_000_000_000L, now + 5_000_000_000L);
  }

  @Test
  void an_access_handler_that_throws_has_an_error_span_and_the_rest_are_not_run() {
    List<TracedSpan> spans = request(chains(Set.of("plugin_access")), "/broken").tracedSpans();
    assertThat(spans).extracting(TracedSpan::name)
        .containsExactly("kong.access.plugin.steps-global", "kong.access.plugin.steps-broken");
    TracedSpan broken = spans.get(1);
    assertThat(broken.failed()).isTrue();
    assertThat(broken.error()).contains("boom");
    assertThat(spans.get(0).failed()).isFalse();
  }

  @Test
  void an_unmatched_router_step_fails_without_an_error_event_as_in_kong() {
    PluginRun run = new PluginRun(chains(Set.of("router")), new RequestFacts("GET", "http", "h", 80, "/x", null,
        new DefaultHttpHeaders(), "127.0.0.1", "127.0.0.1"), "id", Runnable::run);
    run.routerEnded(run.routerStarts(), false);
    assertThat(run.tracedSpans()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("kong.router");
      assertThat(s.failed()).isTrue();
      assertThat(s.error()).isNull();
    });
  }

  @Test
  void only_the_request_and_balancer_spans_or_off_record_no_step_and_allocate_nothing_for_them() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
    mx.setThreadAllocatedMemoryEnabled(true);
    PluginChains off = chains(Set.of("off"));
    PluginChains requestOnly = chains(Set.of("request", "balancer"));
    PluginChains all = chains(Set.of("all"));
    assertThat(request(off, "/ok").tracedSpans()).isEmpty();
    assertThat(request(requestOnly, "/ok").tracedSpans()).isEmpty();

    double bare = Math.min(bytesPerRequest(off, false), bytesPerRequest(off, false));
    double offWithSteps = Math.min(bytesPerRequest(off, true), bytesPerRequest(off, true));
    double requestOnlyWithSteps = Math.min(bytesPerRequest(requestOnly, true), bytesPerRequest(requestOnly, true));
    double traced = Math.min(bytesPerRequest(all, true), bytesPerRequest(all, true));
    // the step points (plugin phases with their db_query scope, router, DNS, the http_client seam) cost no
    // byte when nothing records them
    assertThat(offWithSteps - bare).as("off: %.1f vs %.1f bytes per request", offWithSteps, bare).isLessThan(1);
    assertThat(requestOnlyWithSteps - bare).as("request,balancer: %.1f vs %.1f", requestOnlyWithSteps, bare)
        .isLessThan(1);
    // and the measurement sees the recording when it is on: six spans and their list
    assertThat(traced - bare).as("all: %.1f vs %.1f", traced, bare).isGreaterThan(6 * 40);
  }

  @Test
  void a_request_no_instance_can_sample_records_no_step_and_allocates_nothing_for_them() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    mx.setThreadAllocatedMemoryEnabled(true);
    PluginChains off = chains(Set.of("off"));
    keepRate = 0; // sampling_rate 0: no trace is kept, so nothing is recorded, whatever the instrumentations
    PluginChains unsampled = chains(Set.of("all"));
    assertThat(request(unsampled, "/ok").tracedSpans()).isEmpty();
    double bare = Math.min(bytesPerRequest(off, false), bytesPerRequest(off, false));
    double skipped = Math.min(bytesPerRequest(unsampled, true), bytesPerRequest(unsampled, true));
    assertThat(skipped - bare).as("all, unsampled: %.1f vs %.1f bytes per request", skipped, bare).isLessThan(1);
  }

  @Test
  void the_steps_are_recorded_exactly_for_the_drawn_trace_ids_the_highest_rate_keeps() {
    keepRate = 0.25;
    PluginChains chains = chains(Set.of("all"));
    int recorded = 0;
    for (int i = 0; i < 2_000; i++) {
      PluginRun run = request(chains, "/ok");
      boolean kept = TracingSettings.sampled(run.drawnTraceId(), 0.25);
      assertThat(run.tracedSpans()).as("request %d: kept by Kong's sampler = %s", i, kept).hasSize(kept ? 6 : 0);
      if (kept) recorded++;
    }
    assertThat(recorded).as("about a quarter of 2000").isBetween(400, 600);
  }

  @Test
  void a_request_carrying_a_trace_context_is_recorded_for_the_plugin_to_decide() {
    keepRate = 1e-12; // a drawn id is practically never kept; an incoming trace id may be
    PluginChains chains = chains(Set.of("all"));
    RequestFacts facts = new RequestFacts("GET", "http", "example.com", 8000, "/ok", null,
        new DefaultHttpHeaders().add("Host", "example.com")
            .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        "127.0.0.1", "127.0.0.1");
    PluginRun run = new PluginRun(chains, facts, "id", Runnable::run);
    run.routerEnded(run.routerStarts(), true);
    assertThat(run.tracedSpans()).extracting(TracedSpan::name).containsExactly("kong.router");
    assertThat(request(chains, "/ok").tracedSpans()).as("no context: skipped").isEmpty();
  }

  /** Bytes this thread allocates per request, after warming up; {@code steps}: drive the router and DNS points too. */
  private double bytesPerRequest(PluginChains chains, boolean steps) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    RequestFacts facts = new RequestFacts("GET", "http", "example.com", 8000, "/ok", null,
        new DefaultHttpHeaders().add("Host", "example.com"), "127.0.0.1", "127.0.0.1");
    long before = 0;
    for (int round = 0; round < 2; round++) {
      if (round == 1) before = mx.getThreadAllocatedBytes(thread);
      for (int i = 0; i < REQUESTS; i++) {
        PluginRun run = new PluginRun(chains, facts, "0123456789abcdef0123456789abcdef", Runnable::run);
        run.rewrite();
        if (steps) run.routerEnded(run.routerStarts(), true);
        run.access(route, service, proceed);
        if (steps) run.dnsEnded(run.dnsStarts(), "origin.test", 8080, "127.0.0.1", null);
        if (steps && run.httpCalls() != io.gatehouse.sdk.HttpCalls.DIRECT) sink++; // the http_client seam
        run.headerFilter(200, responseHeaders, true);
        run.log(200);
        if (run.tracedSpans().size() > 100) sink++;
      }
    }
    return (mx.getThreadAllocatedBytes(thread) - before) / (double) REQUESTS;
  }
}
