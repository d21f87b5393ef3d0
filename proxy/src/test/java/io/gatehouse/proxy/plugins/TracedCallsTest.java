package io.gatehouse.proxy.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.json.Json;
import io.gatehouse.core.model.ConfigSnapshot;
import io.gatehouse.core.model.Route;
import io.gatehouse.core.model.Service;
import io.gatehouse.core.records.QueryTrace;
import io.gatehouse.sdk.AccessPhase;
import io.gatehouse.sdk.Default;
import io.gatehouse.sdk.HttpCalls;
import io.gatehouse.sdk.Plugin;
import io.gatehouse.sdk.PluginInfo;
import io.gatehouse.sdk.TracedSpan;
import io.gatehouse.sdk.TracingSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kong's {@code db_query} and {@code http_client} instrumentations at the request's seam: the
 * store-statement listener a handler's calls carry, and {@code kong.internal.request} spans of
 * outbound calls sent to a real HTTP server on loopback. The store side is covered by the store's
 * tests and the end-to-end path by {@code TracedCallsIT}.
 */
class TracedCallsTest {
  private static final String SERVICE = "6d1c7b1e-0000-4000-8000-00000000c001";

  record Config(@Default("x") String tag) {}

  /** What the handler saw: the store listener of the request running it, if any. */
  static final AtomicReference<QueryTrace.Listener> seenByHandler = new AtomicReference<>();

  @PluginInfo(name = "calls-probe", priority = 900)
  public static final class Probe implements Plugin<Config> {
    @Override
    public void access(AccessPhase ctx, Config config) {
      seenByHandler.set(TracedSteps.queriesOfRunningHandler());
    }

    /** Stands for a tracing plugin that keeps every trace: the node records its spans for it. */
    @Override
    public double tracedSpansSamplingRate(Config config) {
      return 1;
    }
  }

  private final ConfigSnapshot snapshot;
  private HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TracedCallsTest() {
    ObjectNode svc = Json.object().put("id", SERVICE).put("name", "s").put("host", "127.0.0.1").put("port", 80)
        .put("protocol", "http");
    ObjectNode r = Json.object().put("id", "6d1c7b1e-0000-4000-8000-00000000c002").put("name", "r");
    r.set("paths", Json.array().add("/"));
    r.set("service", Json.object().put("id", SERVICE));
    ObjectNode p = Json.object().put("id", java.util.UUID.randomUUID().toString()).put("name", "calls-probe")
        .put("enabled", true);
    p.set("config", Json.object().put("tag", "x"));
    snapshot = ConfigSnapshot.of(1, Map.of("services", List.of(svc), "routes", List.of(r), "plugins", List.of(p)));
  }

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fn", x -> {
      byte[] body = "done".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(201, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    seenByHandler.set(null);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PluginRun accessed(Set<String> instrumentations) {
    LoadedPlugins loaded = LoadedPlugins.of(new Probe())
        .start(PluginServices.NONE.andTracing(new TracingSettings(instrumentations, 1)));
    PluginChains chains = PluginChains.compile(snapshot, loaded, System.currentTimeMillis());
    PluginRun run = new PluginRun(chains, new RequestFacts("GET", "http", "example.com", 8000, "/", null,
        new DefaultHttpHeaders().add("Host", "example.com"), "127.0.0.1", "127.0.0.1"), "id", Runnable::run);
    Route route = snapshot.routes().getFirst();
    Service service = snapshot.services().getFirst();
    run.access(route, service, () -> { });
    return run;
  }

  @Test
  void a_handler_under_db_query_carries_its_request_listener_whose_statements_become_spans() throws Exception {
    PluginRun run = accessed(Set.of("db_query"));
    QueryTrace.Listener listener = seenByHandler.get();
    assertThat(listener).as("the handler ran with its request's listener").isNotNull();
    assertThat(TracedSteps.queriesOfRunningHandler()).as("cleared once the handler returned").isNull();
    // the store reports from its worker thread, as it does in production
    long start = System.nanoTime();
    Thread worker = new Thread(() -> listener.ran("postgres", "SELECT 1 FROM t WHERE k = ?", start,
        System.nanoTime(), null));
    worker.start();
    worker.join();
    assertThat(run.tracedSpans()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("kong.database.query");
      assertThat(s.client()).isFalse();
      assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(
          Map.of("db.system", "postgres", "db.statement", "SELECT 1 FROM t WHERE k = ?"));
      assertThat(s.failed()).isFalse();
    });
  }

  @Test
  void without_db_query_a_handler_carries_no_listener() {
    accessed(Set.of("plugin_access", "http_client"));
    assertThat(seenByHandler.get()).isNull();
    accessed(Set.of("off"));
    assertThat(seenByHandler.get()).isNull();
  }

  @Test
  void an_outbound_call_is_a_kong_internal_request_client_span_with_kongs_attributes() {
    PluginRun run = accessed(Set.of("http_client"));
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fn?x=1");
    HttpResponse<String> r = run.httpCalls().send(client, HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("User-Agent", "probe/1").build(),
        HttpResponse.BodyHandlers.ofString()).join();
    assertThat(r.statusCode()).isEqualTo(201);
    // recorded before the future completed: what the plugin does next sees it
    List<TracedSpan> spans = run.tracedSpans();
    assertThat(spans).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("kong.internal.request");
      assertThat(s.client()).isTrue();
      assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("http.url", uri.toString(),
          "http.method", "POST", "http.flavor", "1.1", "http.user_agent", "probe/1", "http.status_code", 201L));
      assertThat(s.failed()).isFalse();
      assertThat(s.error()).isNull();
    });
  }

  @Test
  void a_call_that_fails_records_the_error_as_kong_does_without_an_error_status() throws Exception {
    PluginRun run = accessed(Set.of("all"));
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + closed + "/gone");
    assertThatThrownBy(() -> run.httpCalls().send(client, HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.discarding()).join()).isInstanceOf(CompletionException.class);
    TracedSpan call = run.tracedSpans().stream().filter(s -> s.name().equals("kong.internal.request"))
        .findFirst().orElseThrow();
    assertThat(call.attributes()).doesNotContainKey("http.status_code").containsEntry("http.method", "GET")
        .containsEntry("http.url", uri.toString()).containsKey("http.user_agent");
    assertThat(call.error()).isNotBlank();
    assertThat(call.failed()).isFalse();
    // the spans stay in start order: the plugin's access span, then the call it made afterwards
    assertThat(run.tracedSpans()).extracting(TracedSpan::name)
        .containsExactly("kong.access.plugin.calls-probe", "kong.internal.request");
  }

  @Test
  void without_http_client_calls_go_straight_to_the_client() {
    assertThat(accessed(Set.of("plugin_access", "db_query")).httpCalls()).isSameAs(HttpCalls.DIRECT);
    assertThat(accessed(Set.of("off")).httpCalls()).isSameAs(HttpCalls.DIRECT);
    PluginRun run = accessed(Set.of("off"));
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fn");
    assertThat(run.httpCalls().send(client, HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .join().body()).isEqualTo("done");
    assertThat(run.tracedSpans()).isEmpty();
  }
}
