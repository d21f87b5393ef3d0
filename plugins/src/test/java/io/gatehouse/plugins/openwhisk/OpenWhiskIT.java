package io.gatehouse.plugins.openwhisk;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.net.FormCodec;
import io.gatehouse.plugins.testing.PluginGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openwhisk against a server speaking OpenWhisk's REST API on 127.0.0.1 (Kong/kong-plugin-openwhisk
 * {@code handler.lua}, {@code spec/access_spec.lua}): blocking invocations of a "hello" action with
 * Basic authentication, {@code result=true} (the action's result) and {@code false} (the activation).
 */
class OpenWhiskIT {
  static final String TOKEN = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
  static final Pattern ACTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/actions/([^/]+)$");
  static PluginGateway gw;
  static HttpServer whisk;
  static final BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
  static final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    whisk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    whisk.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    whisk.createContext("/", OpenWhiskIT::handle);
    whisk.start();
    gw = new PluginGateway();
    route("/hello", "\"action\":\"hello\"");
    route("/activation", "\"action\":\"hello\",\"result\":false");
    route("/any-method", "\"action\":\"hello\",\"methods\":[\"GET\",\"POST\",\"PUT\"]");
    route("/missing", "\"action\":\"nope\"");
    route("/wrong-token", "\"action\":\"hello\",\"service_token\":\"someone:else\"");
    route("/slow", "\"action\":\"slow\",\"timeout\":300");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    gw.plugin("openwhisk", "{\"host\":\"127.0.0.1\",\"port\":" + closed + ",\"https\":false,\"path\":\"/api/v1/namespaces/guest\","
        + "\"action\":\"hello\"}", ref("route", gw.insert("routes", "{\"paths\":[\"/down\"]}")));
    gw.apply();
  }

  static void route(String path, String fields) {
    String token = fields.contains("service_token") ? "" : "\"service_token\":\"" + TOKEN + "\",";
    gw.plugin("openwhisk", "{\"host\":\"127.0.0.1\",\"port\":" + whisk.getAddress().getPort() + ",\"https\":false,"
        + "\"path\":\"/api/v1/namespaces/guest\"," + token + fields + "}",
        ref("route", gw.insert("routes", "{\"paths\":[\"" + path + "\"]}")));
  }

  /** OpenWhisk's POST /api/v1/namespaces/{ns}/actions/{name}?blocking=true&result=…&timeout=… */
  static void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      Map<String, List<String>> query = FormCodec.parse(x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery());
      Map<String, String> record = new LinkedHashMap<>();
      record.put("method", x.getRequestMethod());
      record.put("path", x.getRequestURI().getRawPath());
      record.put("query", x.getRequestURI().getRawQuery());
      record.put("content-type", x.getRequestHeaders().getFirst("Content-Type"));
      record.put("body", new String(body, StandardCharsets.UTF_8));
      seen.add(record);
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equals("Basic " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))) {
        send(x, 401, "{\"error\":\"The supplied authentication is invalid.\",\"code\":\"4ef6b2bb\"}");
        return;
      }
      Matcher m = ACTION.matcher(x.getRequestURI().getRawPath());
      if (m.matches() && m.group(2).equals("slow")) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (!x.getRequestMethod().equals("POST") || !m.matches() || !m.group(2).equals("hello")) {
        send(x, 404, "{\"error\":\"The requested resource does not exist.\",\"code\":\"c1b4d7a8\"}");
        return;
      }
      JsonNode params = Json.MAPPER.readTree(body);
      String name = params.hasNonNull("name") ? params.get("name").asText() : "World";
      String result = Json.MAPPER.writeValueAsString(Map.of("payload", "Hello, " + name + "!"));
      if ("false".equals(query.get("result").getFirst())) {
        send(x, 200, "{\"activationId\":\"" + UUID.randomUUID().toString().replace("-", "") + "\",\"name\":\"hello\","
            + "\"namespace\":\"" + m.group(1) + "\",\"response\":{\"result\":" + result + ",\"status\":\"success\",\"success\":true}}");
      } else {
        send(x, 200, result);
      }
    }
  }

  static void send(HttpExchange x, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.getResponseHeaders().add("X-Request-ID", "whisk-" + status);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  @AfterAll
  static void stop() {
    release.countDown();
    if (gw != null) gw.close();
    if (whisk != null) whisk.stop(0);
  }

  static HttpResponse<String> post(String path, String contentType, String body) {
    return gw.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Content-Type", contentType);
  }

  static Map<String, String> lastCall() throws InterruptedException {
    Map<String, String> r = seen.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a call reached OpenWhisk").isNotNull();
    return r;
  }

  @Test
  void post_invokes_the_action_blocking_with_the_merged_parameters() throws Exception {
    seen.clear();
    HttpResponse<String> r = post("/hello", "application/json", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("payload").asText()).isEqualTo("Hello, World!");
    assertThat(r.headers().firstValue("X-Request-ID")).hasValue("whisk-200");
    Map<String, String> call = lastCall();
    assertThat(call.get("method")).isEqualTo("POST");
    assertThat(call.get("path")).isEqualTo("/api/v1/namespaces/guest/actions/hello");
    assertThat(call.get("query")).isEqualTo("blocking=true&result=true&timeout=60000");
    assertThat(call.get("content-type")).isEqualTo("application/json");

    assertThat(Json.parse(post("/hello?name=foo", "application/json", "{}").body()).get("payload").asText()).isEqualTo("Hello, foo!");
    assertThat(Json.parse(post("/hello?name=query", "application/json", "{\"name\":\"json\"}").body()).get("payload").asText())
        .isEqualTo("Hello, json!");
    assertThat(Json.parse(post("/hello", "application/x-www-form-urlencoded", "name=form").body()).get("payload").asText())
        .isEqualTo("Hello, form!");
    String boundary = "xYzZY";
    String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nparts\r\n--" + boundary + "--\r\n";
    assertThat(Json.parse(post("/hello", "multipart/form-data; boundary=" + boundary, multipart).body()).get("payload").asText())
        .isEqualTo("Hello, parts!");
    seen.clear();
    post("/hello?flag&n=1&n=2", "text/plain", "ignored");
    assertThat(Json.parse(lastCall().get("body"))).hasToString("{\"flag\":true,\"n\":[\"1\",\"2\"]}");
  }

  @Test
  void result_false_answers_with_the_whole_activation() {
    JsonNode activation = Json.parse(post("/activation", "application/json", "{\"name\":\"x\"}").body());
    assertThat(activation.get("response").get("result").get("payload").asText()).isEqualTo("Hello, x!");
    assertThat(activation.get("namespace").asText()).isEqualTo("guest");
  }

  @Test
  void other_methods_answer_405_unless_listed_in_methods() {
    for (String method : new String[] {"GET", "DELETE", "PUT"}) {
      HttpResponse<String> r = gw.send(method, "/hello");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.body()).isEqualTo("{\"message\":\"Method not allowed\"}");
    }
    assertThat(Json.parse(gw.get("/any-method?name=get").body()).get("payload").asText()).isEqualTo("Hello, get!");
    assertThat(gw.send("DELETE", "/any-method").statusCode()).isEqualTo(405);
  }

  @Test
  void an_invalid_json_body_answers_400() {
    HttpResponse<String> r = post("/hello", "application/json", "{\"name\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).get("message").asText()).isNotEmpty();
  }

  @Test
  void openwhisk_errors_pass_through_and_a_down_server_answers_500() {
    HttpResponse<String> missing = post("/missing", "application/json", "{}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Json.parse(missing.body()).get("error").asText()).isEqualTo("The requested resource does not exist.");
    assertThat(post("/wrong-token", "application/json", "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> down = post("/down", "application/json", "{}");
    assertThat(down.statusCode()).isEqualTo(500);
    assertThat(down.body()).isEqualTo("{\"message\":\"An unexpected error happened\"}");
  }

  @Test
  void a_call_past_the_timeout_answers_500() {
    long start = System.nanoTime();
    HttpResponse<String> r = post("/slow", "application/json", "{}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"message\":\"An unexpected error occurred\"}");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
  }

  @Test
  void schema_is_the_plugins() {
    JsonNode c = gw.plugin("openwhisk", "{\"host\":\"example.com\",\"path\":\"/api/v1/namespaces/guest\",\"action\":\"a\"}", "")
        .get("config");
    assertThat(c.get("port").asInt()).isEqualTo(443);
    assertThat(c.get("timeout").asInt()).isEqualTo(60000);
    assertThat(c.get("keepalive").asInt()).isEqualTo(60000);
    assertThat(c.get("https").asBoolean()).isTrue();
    assertThat(c.get("https_verify").asBoolean()).isFalse();
    assertThat(c.get("result").asBoolean()).isTrue();
    assertThat(c.get("methods")).hasToString("[\"POST\"]");
    assertThatThrownBy(() -> gw.plugin("openwhisk", "{\"host\":\"example.com\",\"path\":\"/p\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("action").hasMessageContaining("required field missing");
    assertThatThrownBy(() -> gw.plugin("openwhisk", "{\"host\":\"exa mple\",\"path\":\"/p\",\"action\":\"a\"}", ""))
        .hasMessageContaining("host");
    assertThatThrownBy(() -> gw.plugin("openwhisk", "{\"host\":\"h\",\"path\":\"/p\",\"action\":\"a\",\"methods\":[\"DELETE\"]}", ""))
        .hasMessageContaining("expected one of: HEAD, GET, POST, PATCH, PUT");
  }
}
