package io.gatehouse.plugins.httplog;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.plugins.ConfigBinding;
import io.gatehouse.plugins.logqueue.LogQueue;
import io.gatehouse.plugins.testing.LogEntryAssert;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** http-log against a real proxy and a real HTTP log server (reference plugins §19.1, §19.3). */
class HttpLogIT {
  static PluginGateway gw;
  static Sink sink;
  static ObjectNode logged;
  static ObjectNode guarded;
  static ObjectNode bobKey;
  static ObjectNode bob;

  /** A log server on 127.0.0.1 that records every request; answers 500 to /flaky while {@code failures} lasts. */
  record Received(String method, String path, com.sun.net.httpserver.Headers headers, JsonNode body) {}

  static final class Sink implements AutoCloseable {
    final HttpServer server;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger failures = new AtomicInteger();

    Sink() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders(), Json.parse(new String(body, StandardCharsets.UTF_8))));
        boolean fail = exchange.getRequestURI().getPath().equals("/flaky") && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        int status = fail ? 500 : 200;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
      });
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    Received next() throws InterruptedException {
      Received r = received.poll(10, TimeUnit.SECONDS);
      assertThat(r).as("a request reached the log server").isNotNull();
      return r;
    }

    /** The next request whose path is this one (other routes' entries may arrive in between). */
    Received next(String path) throws InterruptedException {
      while (true) {
        Received r = next();
        if (r.path().equals(path)) return r;
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @BeforeAll
  static void start() throws IOException {
    sink = new Sink();
    gw = new PluginGateway();
    logged = gw.serviceAndRoute("/logged");
    gw.plugin("http-log", "{\"http_endpoint\":\"" + sink.url("/single") + "\",\"headers\":{\"X-Sink-Token\":\"s3cret\"}}",
        ref("route", logged));
    guarded = gw.serviceAndRoute("/guarded");
    gw.plugin("key-auth", "{}", ref("route", guarded));
    gw.plugin("http-log", "{\"http_endpoint\":\"" + sink.url("/guarded") + "\"}", ref("route", guarded));
    bob = gw.consumer("bob");
    bobKey = gw.insert("keyauth_credentials", "{\"key\":\"bob-key\"," + ref("consumer", bob) + "}");
    ObjectNode batched = gw.serviceAndRoute("/batched");
    gw.plugin("http-log", "{\"http_endpoint\":\"" + sink.url("/batch") + "\",\"method\":\"PUT\","
        + "\"content_type\":\"application/json; charset=utf-8\","
        + "\"queue\":{\"max_batch_size\":3,\"max_coalescing_delay\":30}}", ref("route", batched));
    ObjectNode flaky = gw.serviceAndRoute("/flaky");
    gw.plugin("http-log", "{\"http_endpoint\":\"" + sink.url("/flaky") + "\",\"queue\":{\"initial_retry_delay\":0.05}}",
        ref("route", flaky));
    ObjectNode userInfo = gw.serviceAndRoute("/userinfo");
    gw.plugin("http-log", "{\"http_endpoint\":\"http://alice:pa%20ss@127.0.0.1:" + sink.server.getAddress().getPort()
        + "/userinfo\"}", ref("route", userInfo));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
    sink.close();
  }

  @Test
  void a_route_instance_posts_kongs_entry_as_one_object_with_the_configured_headers() throws Exception {
    HttpResponse<String> r = gw.get("/logged/x?a=1&a=2&flag&q=hello%20world", "Authorization", "Bearer secret-token");
    assertThat(r.statusCode()).isEqualTo(200);

    Received got = sink.next("/single");
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(got.headers().getFirst("X-Sink-Token")).isEqualTo("s3cret");
    JsonNode entry = got.body();
    assertThat(entry.isObject()).as("max_batch_size 1 sends a single object").isTrue();
    LogEntryAssert.assertProxied(entry, "/logged/x?a=1&a=2&flag&q=hello%20world", logged, "/x?a=1&a=2&flag&q=hello%20world");
    assertThat(entry.get("request").get("querystring").toString())
        .isEqualTo("{\"a\":[\"1\",\"2\"],\"flag\":true,\"q\":\"hello world\"}");
    assertThat(entry.get("request").get("headers").get("authorization").asText()).isEqualTo("REDACTED");
    assertThat(entry.get("request").get("id").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(entry.toString()).doesNotContain("secret-token");
    assertThat(entry.has("consumer")).isFalse();
    assertThat(entry.has("authenticated_entity")).isFalse();
  }

  @Test
  void the_consumer_key_auth_authenticated_is_in_the_entry_and_the_key_is_not() throws Exception {
    assertThat(gw.get("/guarded", "apikey", "bob-key").statusCode()).isEqualTo(200);
    JsonNode entry = sink.next("/guarded").body();
    assertThat(entry.get("consumer").get("id").asText()).isEqualTo(id(bob));
    assertThat(entry.get("consumer").get("username").asText()).isEqualTo("bob");
    assertThat(entry.get("authenticated_entity").get("id").asText()).isEqualTo(id(bobKey));
    assertThat(entry.get("route").get("id").asText()).isEqualTo(id(guarded));

    assertThat(gw.get("/guarded").statusCode()).isEqualTo(401);
    JsonNode denied = sink.next("/guarded").body();
    assertThat(denied.get("response").get("status").asInt()).isEqualTo(401);
    assertThat(denied.get("source").asText()).isEqualTo("kong");
    assertThat(denied.has("upstream_uri")).as("never proxied").isFalse();
    assertThat(denied.has("upstream_status")).isFalse();
    assertThat(denied.get("latencies").get("proxy").asLong()).isEqualTo(-1);
    assertThat(denied.has("consumer")).isFalse();
  }

  @Test
  void entries_are_batched_into_a_json_array_up_to_max_batch_size() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(gw.get("/batched/" + i).headers().firstValue("X-Kong-Request-Id").orElseThrow());
    }
    // the coalescing delay is 30 s: only a full batch goes out this soon
    Received got = sink.next("/batch");
    assertThat(got.method()).isEqualTo("PUT");
    assertThat(got.headers().getFirst("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(got.body().isArray()).isTrue();
    assertThat(got.body()).hasSize(3);
    List<String> logged = new ArrayList<>();
    got.body().forEach(e -> logged.add(e.get("request").get("id").asText()));
    assertThat(logged).containsExactlyElementsOf(ids);
    assertThat(got.body().get(2).get("request").get("uri").asText()).isEqualTo("/batched/2");
  }

  @Test
  void a_failed_post_is_retried() throws Exception {
    sink.failures.set(2);
    String requestId = gw.get("/flaky").headers().firstValue("X-Kong-Request-Id").orElseThrow();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(sink.next("/flaky").body().get("request").get("id").asText());
    }
    assertThat(seen).containsOnly(requestId).hasSize(3);
  }

  @Test
  void user_info_in_the_endpoint_becomes_basic_auth() throws Exception {
    gw.get("/userinfo");
    Received got = sink.next("/userinfo");
    assertThat(got.headers().getFirst("Authorization"))
        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("alice:pa ss".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void a_dead_log_server_neither_slows_requests_nor_grows_the_queue() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    try (PluginGateway own = new PluginGateway()) {
      ObjectNode plugin = own.plugin("http-log", "{\"http_endpoint\":\"http://127.0.0.1:" + deadPort + "/\","
          + "\"timeout\":200,\"queue\":{\"max_entries\":5,\"max_retry_time\":120,\"max_retry_delay\":0.5}}", "");
      own.serviceAndRoute("/dead");
      own.apply();
      long start = System.nanoTime();
      for (int i = 0; i < 40; i++) {
        assertThat(own.get("/dead").statusCode()).isEqualTo(200);
      }
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(elapsedMs).as("40 requests while the log server is down").isLessThan(10_000);
      LogQueue queue = new HttpLogPlugin().queueOf(ConfigBinding.bind((ObjectNode) plugin.get("config"), HttpLogConfig.class));
      // entries are queued in the log phase, just after each response went out: wait for the last ones
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(queue.size()).isLessThanOrEqualTo(5);
        assertThat(queue.dropped()).isGreaterThanOrEqualTo(40 - 5 - 1); // one batch is in its retries
      });
      assertThat(queue.size()).isEqualTo(5);
    }
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("http-log", "{}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.http_endpoint: required field missing)");
    assertThatThrownBy(() -> gw.plugin("http-log", "{\"http_endpoint\":\"/relative\"}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.http_endpoint: missing host in url)");
    assertThatThrownBy(() -> gw.plugin("http-log", "{\"http_endpoint\":\"http://h/\",\"method\":\"GET\"}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.method: expected one of: POST, PUT, PATCH)");
    assertThatThrownBy(() -> gw.plugin("http-log", "{\"http_endpoint\":\"http://h/\",\"headers\":{\"Host\":\"x\"}}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (config.headers: cannot contain 'Host' header)");
    assertThatThrownBy(() -> gw.plugin("http-log",
        "{\"http_endpoint\":\"http://u:p@h/\",\"headers\":{\"Authorization\":\"x\"}}", ""))
        .isInstanceOf(KongException.class)
        .hasMessage("schema violation (specifying both an 'Authorization' header and user info in 'http_endpoint' is not allowed)");
    assertThatThrownBy(() -> gw.plugin("http-log", "{\"http_endpoint\":\"http://h/\",\"queue\":{\"max_batch_size\":0}}", ""))
        .isInstanceOf(KongException.class)
        .hasMessageContaining("config.queue").hasMessageContaining("max_batch_size=\"value should be between 1 and 1000000\"");
    JsonNode config = gw.plugin("http-log", "{\"http_endpoint\":\"http://h/\"}", "").get("config");
    assertThat(config.get("method").asText()).isEqualTo("POST");
    assertThat(config.get("content_type").asText()).isEqualTo("application/json");
    assertThat(config.get("timeout").asInt()).isEqualTo(10000);
    assertThat(config.get("keepalive").asInt()).isEqualTo(60000);
    assertThat(config.get("queue").toString()).isEqualTo("{\"max_batch_size\":1,\"max_coalescing_delay\":1,"
        + "\"max_entries\":10000,\"max_bytes\":null,\"max_retry_time\":60,\"initial_retry_delay\":0.01,"
        + "\"max_retry_delay\":60,\"concurrency_limit\":1}");
  }
}
