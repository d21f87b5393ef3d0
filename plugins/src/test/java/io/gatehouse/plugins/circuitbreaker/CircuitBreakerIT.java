package io.gatehouse.plugins.circuitbreaker;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import io.gatehouse.proxy.plugins.LoadedPlugins;
import io.gatehouse.sdk.AdminEndpoint;
import io.gatehouse.testsupport.MovableClock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * circuit-breaker against a real origin whose answers the test switches: failures open the breaker
 * (no call reaches the origin while open), time moved on the injected clock lets trial calls
 * through, and their results close or reopen it; slow calls are made slow on the same clock.
 */
class CircuitBreakerIT {
  static final MovableClock clock = new MovableClock();
  static final CircuitBreakerPlugin plugin = new CircuitBreakerPlugin(clock);
  static final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  static PluginGateway gw;
  static HttpServer origin;
  static HttpServer fallbackOrigin;
  static final Map<String, String> pluginIds = new ConcurrentHashMap<>();

  static final String SMALL_WINDOW = "\"sliding_window_size\":4,\"minimum_number_of_calls\":4,\"failure_rate_threshold\":50,"
      + "\"wait_duration_in_open_state\":30,\"permitted_number_of_calls_in_half_open_state\":2,"
      + "\"open_headers\":{\"X-Breaker\":\"open\"}";

  @BeforeAll
  static void start() throws Exception {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/", x -> {
      try (x) {
        String name = x.getRequestURI().getPath().split("/")[1];
        hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        if (name.startsWith("slow")) clock.advance(2000); // the origin takes 2 s, on the gateway's clock
        byte[] body = ("origin " + name + " " + x.getRequestURI()).getBytes();
        x.sendResponseHeaders(statuses.getOrDefault(name, 200), body.length);
        x.getResponseBody().write(body);
      }
    });
    origin.start();
    fallbackOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fallbackOrigin.createContext("/", x -> {
      try (x) {
        byte[] body = ("fallback " + x.getRequestMethod() + " " + x.getRequestURI() + " "
            + new String(x.getRequestBody().readAllBytes())).getBytes();
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
    });
    fallbackOrigin.start();
    gw = new PluginGateway(LoadedPlugins.of(plugin));
    ObjectNode svc = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + origin.getAddress().getPort() + "}");
    for (String name : new String[] {"recovers", "stays-down"}) route(svc, name, SMALL_WINDOW);
    route(svc, "slow", "\"sliding_window_size\":4,\"minimum_number_of_calls\":4,\"slow_call_rate_threshold\":50,"
        + "\"slow_call_duration_threshold\":1000");
    route(svc, "custom", "\"sliding_window_size\":2,\"minimum_number_of_calls\":2,\"open_status_code\":429,"
        + "\"open_body\":\"<p>later</p>\",\"open_content_type\":\"text/html\"");
    for (String name : new String[] {"timed-old", "timed-new"}) {
      route(svc, name, "\"sliding_window_type\":\"time\",\"sliding_window_size\":10,\"minimum_number_of_calls\":2");
    }
    route(svc, "with-fallback", SMALL_WINDOW + ",\"fallback_url\":\"http://127.0.0.1:" + fallbackOrigin.getAddress().getPort() + "\"");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ObjectNode down = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + closed + ",\"connect_timeout\":1000}");
    route(down, "refused", SMALL_WINDOW);
    gw.apply();
  }

  static void route(ObjectNode service, String name, String config) {
    ObjectNode r = gw.insert("routes", "{\"paths\":[\"/" + name + "\"],\"strip_path\":false," + ref("service", service) + "}");
    pluginIds.put(name, id(gw.plugin("circuit-breaker", "{" + config + "}", ref("route", r))));
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (origin != null) origin.stop(0);
    if (fallbackOrigin != null) fallbackOrigin.stop(0);
  }

  static int hitsOf(String name) {
    return hits.computeIfAbsent(name, n -> new AtomicInteger()).get();
  }

  /** The Admin API's {@code GET /circuit-breakers/{plugin_id}} as the plugin serves it. */
  static JsonNode view(String name) {
    AdminEndpoint get = plugin.adminEndpoints().stream()
        .filter(e -> e.method().equals("GET") && e.template().equals("/circuit-breakers/{plugin_id}")).findFirst().orElseThrow();
    AdminEndpoint.Reply reply = get.handler().apply(Map.of("plugin_id", pluginIds.get(name)));
    assertThat(reply.status()).isEqualTo(200);
    return Json.MAPPER.valueToTree(reply.body());
  }

  /** Sends requests while the origin fails until the breaker answers instead; returns how many it took. */
  static int failUntilOpen(String name) {
    for (int i = 1; i <= 10; i++) {
      HttpResponse<String> r = gw.get("/" + name);
      if (r.headers().firstValue("X-Breaker").isPresent() || r.statusCode() == 429) return i;
    }
    throw new AssertionError(name + ": the breaker never opened");
  }

  @Test
  void failures_open_the_breaker_and_a_recovered_origin_closes_it_through_half_open() {
    for (int i = 0; i < 4; i++) assertThat(gw.get("/recovers").statusCode()).isEqualTo(200);
    assertThat(view("recovers").get("state").asText()).isEqualTo("closed");
    statuses.put("recovers", 500);
    failUntilOpen("recovers");
    assertThat(view("recovers").get("state").asText()).isEqualTo("open");
    int reached = hitsOf("recovers");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = gw.get("/recovers");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("X-Breaker")).hasValue("open");
      assertThat(Json.parse(r.body()).get("message").asText()).isEqualTo("Service unavailable: circuit breaker is open");
    }
    assertThat(hitsOf("recovers")).as("no call reaches the origin while open").isEqualTo(reached);
    assertThat(view("recovers").get("not_permitted_calls").asInt()).isGreaterThanOrEqualTo(5);

    assertThat(gw.get("/recovers").headers().firstValue("Retry-After")).hasValue("30");
    clock.advance(29_000);
    HttpResponse<String> stillOpen = gw.get("/recovers");
    assertThat(stillOpen.statusCode()).as("still open before the wait is over").isEqualTo(503);
    assertThat(stillOpen.headers().firstValue("Retry-After")).hasValue("1");
    clock.advance(2_000);
    statuses.put("recovers", 200);
    assertThat(gw.get("/recovers").statusCode()).isEqualTo(200);
    assertThat(view("recovers").get("state").asText()).isEqualTo("half_open");
    assertThat(gw.get("/recovers").statusCode()).isEqualTo(200);
    JsonNode closed = view("recovers");
    assertThat(closed.get("state").asText()).isEqualTo("closed");
    assertThat(closed.get("transitions").findValuesAsText("to")).containsExactly("closed", "half_open", "open");
    assertThat(hitsOf("recovers")).isEqualTo(reached + 2);
  }

  @Test
  void a_failing_trial_call_reopens_the_breaker() {
    statuses.put("stays-down", 503);
    failUntilOpen("stays-down");
    clock.advance(31_000);
    int before = hitsOf("stays-down");
    assertThat(gw.get("/stays-down").statusCode()).as("the trial reaches the origin").isEqualTo(503);
    assertThat(hitsOf("stays-down")).isEqualTo(before + 1);
    assertThat(gw.get("/stays-down").statusCode()).isEqualTo(503); // second permitted trial
    assertThat(view("stays-down").get("state").asText()).isEqualTo("open");
    HttpResponse<String> r = gw.get("/stays-down");
    assertThat(r.headers().firstValue("X-Breaker")).hasValue("open");
    assertThat(hitsOf("stays-down")).isEqualTo(before + 2);
  }

  @Test
  void connection_errors_count_as_failures() {
    int tries = failUntilOpen("refused");
    assertThat(tries).isGreaterThan(1);
    assertThat(view("refused").get("state").asText()).isEqualTo("open");
    assertThat(view("refused").get("failed_calls").asInt()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void slow_calls_open_the_breaker_by_the_slow_call_rate() {
    for (int i = 0; i < 4; i++) assertThat(gw.get("/slow").statusCode()).isEqualTo(200);
    JsonNode v = view("slow");
    assertThat(v.get("state").asText()).isEqualTo("open");
    assertThat(v.get("slow_call_rate").asDouble()).isEqualTo(100.0);
    int before = hitsOf("slow");
    assertThat(gw.get("/slow").statusCode()).isEqualTo(503);
    assertThat(hitsOf("slow")).isEqualTo(before);
  }

  @Test
  void a_time_window_forgets_calls_older_than_its_seconds() {
    statuses.put("timed-new", 500);
    assertThat(gw.get("/timed-new").statusCode()).isEqualTo(500);
    statuses.put("timed-new", 200);
    assertThat(gw.get("/timed-new").statusCode()).isEqualTo(200);
    assertThat(view("timed-new").get("state").asText()).as("1 of 2 calls in 10 s failed: 50 %").isEqualTo("open");

    statuses.put("timed-old", 500);
    assertThat(gw.get("/timed-old").statusCode()).isEqualTo(500);
    clock.advance(11_000); // the failure leaves the window
    statuses.put("timed-old", 200);
    assertThat(gw.get("/timed-old").statusCode()).isEqualTo(200);
    assertThat(gw.get("/timed-old").statusCode()).isEqualTo(200);
    JsonNode v = view("timed-old");
    assertThat(v.get("state").asText()).isEqualTo("closed");
    assertThat(v.get("failed_calls").asInt()).isZero();
  }

  @Test
  void while_open_requests_go_to_the_fallback() {
    statuses.put("with-fallback", 502);
    failUntilOpen("with-fallback");
    int reached = hitsOf("with-fallback");
    HttpResponse<String> r = gw.send("POST", "/with-fallback/items?x=1", HttpRequest.BodyPublishers.ofString("payload"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("fallback POST /with-fallback/items?x=1 payload");
    assertThat(r.headers().firstValue("X-Breaker")).hasValue("open");
    assertThat(hitsOf("with-fallback")).isEqualTo(reached);
    assertThat(view("with-fallback").get("state").asText()).isEqualTo("open");
    assertThat(view("with-fallback").get("buffered_calls").asInt()).as("fallback answers are not counted").isEqualTo(4);
  }

  @Test
  void the_open_answer_is_configurable() {
    statuses.put("custom", 500);
    failUntilOpen("custom");
    HttpResponse<String> r = gw.get("/custom");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).isEqualTo("<p>later</p>");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html");
  }

  @Test
  void admin_lists_every_breaker_and_resets_one() {
    AdminEndpoint list = plugin.adminEndpoints().stream().filter(e -> e.template().equals("/circuit-breakers")).findFirst().orElseThrow();
    JsonNode all = Json.MAPPER.valueToTree(list.handler().apply(Map.of()).body());
    assertThat(all.get("data").findValuesAsText("plugin_id")).containsAll(pluginIds.values());
    statuses.put("stays-down", 500);
    failUntilOpen("stays-down");
    AdminEndpoint reset = plugin.adminEndpoints().stream().filter(e -> e.method().equals("POST")).findFirst().orElseThrow();
    JsonNode after = Json.MAPPER.valueToTree(reset.handler().apply(Map.of("plugin_id", pluginIds.get("stays-down"))).body());
    assertThat(after.get("state").asText()).isEqualTo("closed");
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("circuit-breaker", "{\"failure_rate_threshold\":0}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("value should be between 1 and 100");
    assertThatThrownBy(() -> gw.plugin("circuit-breaker", "{\"fallback_url\":\"ftp://files.example\"}", ""))
        .hasMessageContaining("fallback_url scheme must be http or https");
    assertThatThrownBy(() -> gw.plugin("circuit-breaker", "{\"sliding_window_type\":\"calls\"}", ""))
        .hasMessageContaining("expected one of: count, time");
    JsonNode c = gw.plugin("circuit-breaker", "{}", "").get("config");
    assertThat(c.get("failure_status_codes")).hasToString("[500,502,503,504]");
    assertThat(c.get("minimum_number_of_calls").asInt()).isEqualTo(100);
    assertThat(c.get("open_status_code").asInt()).isEqualTo(503);
  }
}
