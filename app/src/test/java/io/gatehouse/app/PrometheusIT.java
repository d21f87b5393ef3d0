package io.gatehouse.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.AdminApi;
import io.gatehouse.admin.StatusApi;
import io.gatehouse.admin.testing.AdminClient;
import io.gatehouse.app.settings.SettingsLoader;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.ProxyServer;
import io.gatehouse.proxy.testing.EchoUpstream;
import io.gatehouse.testsupport.PrometheusServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kong's prometheus plugin on a whole node: {@code GET /metrics} on the Admin and status APIs with
 * Kong 3.9's names, labels, buckets and HELP texts ({@code kong/plugins/prometheus/exporter.lua}),
 * counts of real requests through the proxy to an echo upstream, the exposition checked by
 * {@code promtool check metrics} and scraped by a real Prometheus server whose PromQL answer is
 * the request count.
 */
class PrometheusIT {
  @TempDir static Path prefix;
  static EchoUpstream upstream;
  static Node node;
  static AdminClient admin;
  static String adminBase;
  static String statusBase;
  static String proxyBase;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    upstream = EchoUpstream.start();
    node = Node.start(new SettingsLoader(Map.of(), List.of(), prefix).load(null, Map.of(
        "prefix", prefix.toString(), "status_listen", "127.0.0.1:0", "admin_listen", "127.0.0.1:0",
        "proxy_listen", "127.0.0.1:0")));
    adminBase = "http://127.0.0.1:" + node.component(AdminApi.class).orElseThrow().address().getPort();
    statusBase = "http://127.0.0.1:" + node.component(StatusApi.class).orElseThrow().address().getPort();
    proxyBase = "http://127.0.0.1:" + node.component(ProxyServer.class).orElseThrow().boundAddresses().getFirst().getPort();
    admin = new AdminClient(adminBase);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
    upstream.close();
  }

  @Test
  void metrics_in_kongs_exposition_on_both_apis_checked_by_promtool_and_a_prometheus_server() throws Exception {
    // before any prometheus instance: the node gauges only (Kong's local_only scrape)
    HttpResponse<String> bare = get(adminBase + "/metrics");
    assertThat(bare.statusCode()).isEqualTo(200);
    assertThat(bare.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
    String nodeId = node.id().toString();
    assertThat(bare.body())
        .contains("# HELP kong_node_info Kong Node metadata information\n# TYPE kong_node_info gauge\n"
            + "kong_node_info{node_id=\"" + nodeId + "\",version=\"3.9.1\"} 1\n")
        .contains("# HELP kong_datastore_reachable Datastore reachable from Kong, 0 is unreachable\n"
            + "# TYPE kong_datastore_reachable gauge\nkong_datastore_reachable 1\n")
        .contains("kong_nginx_connections_total{node_id=\"" + nodeId + "\",subsystem=\"http\",state=\"accepted\"} ")
        .doesNotContain("kong_http_requests_total", "kong_nginx_metric_errors_total");

    String up = "prom-up-" + upstream.port();
    created(admin.post("/upstreams", "{\"name\":\"" + up + "\"}"));
    created(admin.post("/upstreams/" + up + "/targets", "{\"target\":\"127.0.0.1:" + upstream.port() + "\"}"));
    created(admin.post("/services", "{\"name\":\"prom-svc\",\"host\":\"" + up + "\",\"protocol\":\"http\"}"));
    created(admin.post("/services/prom-svc/routes", "{\"name\":\"prom-route\",\"paths\":[\"/prom\"]}"));
    // a route named by its id (no name), on a service named by its host (no name)
    created(admin.post("/services", "{\"url\":\"" + upstream.url("/") + "\"}"));
    String anonymousService = admin.get("/services").json().get("data").findValuesAsText("id").stream()
        .filter(id -> admin.get("/services/" + id).json().path("name").isNull()).findFirst().orElseThrow();
    String anonymousRoute = admin.post("/services/" + anonymousService + "/routes", "{\"paths\":[\"/anon\"]}")
        .json().get("id").asText();
    // a keyed route: 401 answered by the gateway, 200 for consumer alice
    created(admin.post("/services", "{\"name\":\"auth-svc\",\"url\":\"" + upstream.url("/") + "\"}"));
    created(admin.post("/services/auth-svc/routes", "{\"name\":\"auth-route\",\"paths\":[\"/keyed\"]}"));
    created(admin.post("/routes/auth-route/plugins", "{\"name\":\"key-auth\"}"));
    created(admin.post("/consumers", "{\"username\":\"alice\"}"));
    created(admin.post("/consumers/alice/key-auth", "{\"key\":\"alice-key\"}"));
    // Kong's shape in the real-world kong.yml files: a global instance with the flags on
    created(admin.post("/plugins", "{\"name\":\"prometheus\",\"config\":{\"per_consumer\":true,"
        + "\"status_code_metrics\":true,\"latency_metrics\":true,\"bandwidth_metrics\":true,"
        + "\"upstream_health_metrics\":true}}"));

    await().atMost(Duration.ofSeconds(10)).until(() -> get(proxyBase + "/keyed").statusCode() == 401
        && get(adminBase + "/metrics").body().contains("kong_nginx_metric_errors_total 0"));
    for (int i = 0; i < 5; i++) assertThat(get(proxyBase + "/prom/x").statusCode()).isEqualTo(200);
    for (int i = 0; i < 2; i++) assertThat(get(proxyBase + "/anon").statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(send(HttpRequest.newBuilder(URI.create(proxyBase + "/keyed")).header("apikey", "alice-key")).statusCode())
          .isEqualTo(200);
    }
    assertThat(get(proxyBase + "/no-such-route").statusCode()).isEqualTo(404); // no route: not counted

    String text = get(adminBase + "/metrics").body();
    assertThat(text)
        .contains("# HELP kong_http_requests_total HTTP status codes per consumer/service/route in Kong\n"
            + "# TYPE kong_http_requests_total counter\n")
        .contains("kong_http_requests_total{service=\"prom-svc\",route=\"prom-route\",code=\"200\",source=\"service\","
            + "workspace=\"default\",consumer=\"\"} 5\n")
        .contains("kong_http_requests_total{service=\"127.0.0.1\",route=\"" + anonymousRoute + "\",code=\"200\","
            + "source=\"service\",workspace=\"default\",consumer=\"\"} 2\n")
        .contains("kong_http_requests_total{service=\"auth-svc\",route=\"auth-route\",code=\"200\",source=\"service\","
            + "workspace=\"default\",consumer=\"alice\"} 3\n")
        .contains("kong_http_requests_total{service=\"auth-svc\",route=\"auth-route\",code=\"401\",source=\"kong\","
            + "workspace=\"default\",consumer=\"\"} ")
        .doesNotContain("no-such-route")
        .contains("kong_nginx_metric_errors_total 0\n")
        .contains("# HELP kong_kong_latency_ms Latency added by Kong and enabled plugins for each service/route in Kong\n"
            + "# TYPE kong_kong_latency_ms histogram\n")
        .contains("# HELP kong_upstream_latency_ms Latency added by upstream response for each service/route in Kong\n")
        .contains("# HELP kong_request_latency_ms Total latency incurred during requests for each service/route in Kong\n")
        .contains("kong_kong_latency_ms_count{service=\"prom-svc\",route=\"prom-route\",workspace=\"default\"} 5\n")
        .contains("kong_upstream_latency_ms_count{service=\"prom-svc\",route=\"prom-route\",workspace=\"default\"} 5\n")
        .contains("kong_request_latency_ms_count{service=\"prom-svc\",route=\"prom-route\",workspace=\"default\"} 5\n")
        .contains("kong_request_latency_ms_bucket{service=\"prom-svc\",route=\"prom-route\",workspace=\"default\",le=\"+Inf\"} 5\n")
        .contains("# HELP kong_bandwidth_bytes Total bandwidth (ingress/egress) throughput in bytes\n")
        .contains("# HELP kong_upstream_target_health Health status of targets of upstream. "
            + "States = healthchecks_off|healthy|unhealthy|dns_error, value is 1 when state is populated.\n")
        .contains("kong_upstream_target_health{upstream=\"" + up + "\",target=\"127.0.0.1:" + upstream.port()
            + "\",address=\"127.0.0.1:" + upstream.port() + "\",state=\"healthchecks_off\",subsystem=\"http\"} 1\n")
        .contains("kong_upstream_target_health{upstream=\"" + up + "\",target=\"127.0.0.1:" + upstream.port()
            + "\",address=\"127.0.0.1:" + upstream.port() + "\",state=\"healthy\",subsystem=\"http\"} 0\n")
        .contains("kong_memory_workers_lua_vms_bytes{node_id=\"" + nodeId + "\",pid=\"" + ProcessHandle.current().pid()
            + "\",kong_subsystem=\"http\"} ")
        .contains("kong_memory_lua_shared_dict_total_bytes{node_id=\"" + nodeId + "\",shared_dict=\"jvm_heap\",kong_subsystem=\"http\"} ");

    // Kong's bucket boundaries, cumulative, in order
    assertThat(les(text, "kong_kong_latency_ms_bucket", "prom-route"))
        .containsExactly("1", "2", "5", "7", "10", "15", "20", "30", "50", "75", "100", "200", "500", "750", "1000",
            "3000", "6000", "+Inf");
    assertThat(les(text, "kong_upstream_latency_ms_bucket", "prom-route"))
        .containsExactly("25", "50", "80", "100", "250", "400", "700", "1000", "2000", "5000", "10000", "30000", "60000", "+Inf");
    assertThat(bucketValues(text, "kong_request_latency_ms_bucket", "prom-route")).isSorted().last().isEqualTo(5L);

    // bandwidth: what the client sent and received, at least the bodies and request lines
    long ingress = value(text, "kong_bandwidth_bytes{service=\"prom-svc\",route=\"prom-route\",direction=\"ingress\"");
    long egress = value(text, "kong_bandwidth_bytes{service=\"prom-svc\",route=\"prom-route\",direction=\"egress\"");
    assertThat(ingress).isGreaterThan(5 * "GET /prom/x HTTP/1.1\r\n".length());
    assertThat(egress).isGreaterThan(5 * "HTTP/1.1 200 OK\r\n".length());
    assertThat(value(text, "kong_nginx_requests_total{node_id=\"" + nodeId + "\",subsystem=\"http\"}")).isGreaterThanOrEqualTo(11);

    // the status API serves the same exposition
    String status = get(statusBase + "/metrics").body();
    assertThat(status).contains("kong_http_requests_total{service=\"prom-svc\",route=\"prom-route\",code=\"200\","
        + "source=\"service\",workspace=\"default\",consumer=\"\"} 5\n");

    promtoolAccepts(text);
    dashboardsNameOnlyExportedMetrics(text);

    if (!PrometheusServer.installed()) {
      throw new IllegalStateException("the prometheus package is not installed (.ci/run installs it)");
    }
    try (PrometheusServer prom = PrometheusServer.scraping(adminBase.substring("http://".length()), "/metrics")) {
      String[] answer = new String[1];
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
        answer[0] = prom.query("sum(kong_http_requests_total{route=\"prom-route\",code=\"200\"})");
        JsonNode result = Json.MAPPER.readTree(answer[0]).path("data").path("result");
        return result.size() == 1;
      });
      JsonNode result = Json.MAPPER.readTree(answer[0]).path("data").path("result").get(0);
      assertThat(result.path("value").get(1).asText()).as(answer[0]).isEqualTo("5");
      JsonNode up1 = Json.MAPPER.readTree(prom.query("up")).path("data").path("result").get(0);
      assertThat(up1.path("value").get(1).asText()).isEqualTo("1");
      JsonNode p99 = Json.MAPPER.readTree(prom.query(
          "histogram_quantile(0.99, sum(kong_request_latency_ms_bucket{route=\"prom-route\"}) by (le))"))
          .path("data").path("result");
      assertThat(p99.size()).as("histogram_quantile over Kong's buckets").isEqualTo(1);
    }
  }

  /**
   * Every metric named by the PromQL of our Grafana dashboard and of Kong's official one (kept as a
   * test resource) is a family this node exported in {@code exposition}, or a histogram's series of one.
   */
  static void dashboardsNameOnlyExportedMetrics(String exposition) throws Exception {
    java.util.Set<String> exported = new java.util.HashSet<>();
    exposition.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> {
      String[] t = l.split(" ");
      exported.add(t[2]);
      if (t[3].equals("histogram")) exported.addAll(List.of(t[2] + "_bucket", t[2] + "_count", t[2] + "_sum"));
    });
    List<String> expressions = new java.util.ArrayList<>();
    JsonNode ours = Json.MAPPER.readTree(Path.of("../docs/grafana/gatehouse-dashboard.json").toFile());
    ours.findValues("expr").forEach(e -> expressions.add(e.asText()));
    ours.findValues("query").forEach(e -> expressions.add(e.asText()));
    assertThat(expressions).as("our dashboard's queries").hasSizeGreaterThan(10);
    List<String> kong = new String(PrometheusIT.class.getResourceAsStream("/grafana/kong-official-expressions.txt")
        .readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    assertThat(kong).hasSizeGreaterThan(40);
    expressions.addAll(kong);
    Pattern metric = Pattern.compile("\\bkong_[a-z_]+");
    for (String e : expressions) {
      Matcher m = metric.matcher(e);
      boolean any = false;
      while (m.find()) {
        any = true;
        assertThat(exported).as("metric %s in %s", m.group(), e).contains(m.group());
      }
      assertThat(any).as("names a kong_ metric: " + e).isTrue();
    }
  }

  /** {@code promtool check metrics}: no error; exit 3 with lint warnings only (Kong's own names, e.g. a gauge named _total). */
  static void promtoolAccepts(String exposition) throws Exception {
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String said = out.toString(StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(said).isIn(0, 3);
    assertThat(said.lines()).as("promtool: lint warnings only").allSatisfy(l -> assertThat(l).doesNotContainIgnoringCase("error"));
    if (p.exitValue() == 3) {
      assertThat(said.lines()).allSatisfy(l -> assertThat(l).matches("kong_\\w+ .*"));
    }
  }

  private static List<String> les(String text, String metric, String route) {
    Matcher m = Pattern.compile(Pattern.quote(metric) + "\\{[^}]*route=\"" + route + "\"[^}]*le=\"([^\"]+)\"\\}").matcher(text);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) out.add(m.group(1));
    return out;
  }

  private static List<Long> bucketValues(String text, String metric, String route) {
    return text.lines().filter(l -> l.startsWith(metric + "{") && l.contains("route=\"" + route + "\""))
        .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).toList();
  }

  private static long value(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + text));
  }

  private static void created(AdminClient.Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  static HttpResponse<String> get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)));
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
