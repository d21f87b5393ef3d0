package io.gatehouse.plugins.azurefunctions;

import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.plugins.testing.SelfSignedTls;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * azure-functions against an HTTP function host on 127.0.0.1 that echoes what it received (Kong 3.9
 * {@code kong/plugins/azure-functions}, spec/03-plugins/35-azure-functions).
 */
class AzureFunctionsIT {
  static PluginGateway gw;
  static HttpServer functions;
  static HttpsServer tlsFunctions;
  static final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    functions = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    functions.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    functions.createContext("/", x -> {
      try (x) {
        byte[] body = x.getRequestBody().readAllBytes();
        String path = x.getRequestURI().getRawPath();
        if (path.endsWith("/slow")) release.await(10, TimeUnit.SECONDS);
        if (path.endsWith("/cookies")) {
          x.getResponseHeaders().add("Set-Cookie", "a=1");
          x.getResponseHeaders().add("Set-Cookie", "b=2");
          x.getResponseHeaders().add("X-Fn", "made");
          x.getResponseHeaders().add("Via", "1.1 azure-front");
          x.getResponseHeaders().add("Content-Type", "text/plain");
          byte[] out = "created".getBytes();
          x.sendResponseHeaders(201, out.length);
          x.getResponseBody().write(out);
          return;
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.size() == 1 ? v.getFirst() : v));
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", x.getRequestMethod());
        echo.put("uri", x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()));
        echo.put("headers", headers);
        echo.put("body", new String(body, StandardCharsets.UTF_8));
        byte[] out = Json.MAPPER.writeValueAsBytes(echo);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, out.length);
        x.getResponseBody().write(out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    functions.start();
    tlsFunctions = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tlsFunctions.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.context("myapp.azurewebsites.net")));
    tlsFunctions.createContext("/", x -> {
      try (x) {
        byte[] out = ("tls " + x.getRequestURI().getPath()).getBytes();
        x.sendResponseHeaders(200, out.length);
        x.getResponseBody().write(out);
      }
    });
    tlsFunctions.start();
    gw = new PluginGateway();
    for (String verify : new String[] {"false", "true"}) {
      gw.plugin("azure-functions", "{\"appname\":\"127\",\"hostdomain\":\"0.0.1:" + tlsFunctions.getAddress().getPort()
          + "\",\"functionname\":\"fn\",\"https_verify\":" + verify + "}",
          ref("route", gw.insert("routes", "{\"paths\":[\"/tls-verify-" + verify + "\"]}")));
    }
    route("/azure", "\"routeprefix\":\"request\",\"functionname\":\"test-func-name\",\"apikey\":\"anything_but_an_API_key\","
        + "\"clientid\":\"and_no_clientid\"");
    route("/slashes", "\"routeprefix\":\"/request/\",\"functionname\":\"/test-func-name/\"");
    route("/no-prefix", "\"routeprefix\":\"/\",\"functionname\":\"fn\"");
    route("/cookies", "\"functionname\":\"cookies\"");
    route("/slow", "\"functionname\":\"slow\",\"timeout\":300");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    gw.plugin("azure-functions", "{\"https\":false,\"appname\":\"127\",\"hostdomain\":\"0.0.1:" + closed
        + "\",\"functionname\":\"f\"}", ref("route", gw.insert("routes", "{\"paths\":[\"/refused\"]}")));
    gw.apply();
  }

  /** A serviceless route whose function lives at 127.0.0.1:port (appname 127, hostdomain 0.0.1:port). */
  static void route(String path, String fields) {
    gw.plugin("azure-functions", "{\"https\":false,\"appname\":\"127\",\"hostdomain\":\"0.0.1:"
        + functions.getAddress().getPort() + "\"," + fields + "}", ref("route", gw.insert("routes", "{\"paths\":[\"" + path + "\"]}")));
  }

  @AfterAll
  static void stop() {
    release.countDown();
    if (gw != null) gw.close();
    if (functions != null) functions.stop(0);
    if (tlsFunctions != null) tlsFunctions.stop(0);
  }

  @Test
  void passes_method_query_headers_and_body_to_the_function_with_its_keys() {
    HttpResponse<String> r = gw.send("POST", "/azure/ignored?hello=world&x=1", HttpRequest.BodyPublishers.ofString("some body"),
        "Content-Type", "text/plain", "X-Client", "c", "x-functions-key", "from-client");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode e = Json.parse(r.body());
    assertThat(e.get("method").asText()).isEqualTo("POST");
    assertThat(e.get("uri").asText()).isEqualTo("/request/test-func-name?hello=world&x=1");
    assertThat(e.get("body").asText()).isEqualTo("some body");
    assertThat(e.get("headers").get("x-client").asText()).isEqualTo("c");
    assertThat(e.get("headers").get("x-functions-key").asText()).isEqualTo("anything_but_an_API_key");
    assertThat(e.get("headers").get("x-functions-clientid").asText()).isEqualTo("and_no_clientid");
    assertThat(e.get("headers").get("host").asText()).isEqualTo("127.0.0.1:" + functions.getAddress().getPort());
  }

  @Test
  void route_prefix_and_function_name_lose_their_outer_slashes() {
    assertThat(Json.parse(gw.get("/slashes").body()).get("uri").asText()).isEqualTo("/request/test-func-name");
    JsonNode e = Json.parse(gw.get("/no-prefix", "x-functions-key", "client-value").body());
    assertThat(e.get("uri").asText()).isEqualTo("/fn");
    assertThat(e.get("method").asText()).isEqualTo("GET");
    assertThat(e.get("headers").has("x-functions-key")).as("no apikey: the client's header is not passed").isFalse();
  }

  @Test
  void answers_with_the_function_status_headers_and_body() {
    HttpResponse<String> r = gw.get("/cookies");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("created");
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(r.headers().firstValue("X-Fn")).hasValue("made");
    assertThat(r.headers().firstValue("Content-Length")).hasValue("7");
    // Kong's handler: the function's Via + ", " + "1.1 " .. server_tokens (here gatehouse/<version>)
    assertThat(r.headers().allValues("Via")).singleElement().asString().matches("1\\.1 azure-front, 1\\.1 gatehouse/\\S+");
    assertThat(gw.get("/azure").headers().allValues("Via")).singleElement().asString().matches("1\\.1 gatehouse/\\S+");
  }

  @Test
  void no_via_when_the_headers_setting_leaves_it_off() throws Exception {
    try (PluginGateway off = new PluginGateway(o -> o.headers(java.util.Set.of("latency_tokens")))) {
      off.plugin("azure-functions", "{\"https\":false,\"appname\":\"127\",\"hostdomain\":\"0.0.1:"
          + functions.getAddress().getPort() + "\",\"functionname\":\"fn\"}",
          ref("route", off.insert("routes", "{\"paths\":[\"/fn\"]}")));
      off.apply();
      HttpResponse<String> r = off.get("/fn");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Via")).isEmpty();
    }
  }

  @Test
  void a_failed_or_timed_out_call_answers_500() {
    HttpResponse<String> refused = gw.get("/refused");
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body()).isEqualTo("{\"message\":\"An unexpected error occurred\"}");
    long start = System.nanoTime();
    assertThat(gw.get("/slow").statusCode()).isEqualTo(500);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
  }

  @Test
  void https_is_the_default_and_https_verify_checks_the_certificate() {
    HttpResponse<String> unverified = gw.get("/tls-verify-false");
    assertThat(unverified.statusCode()).isEqualTo(200);
    assertThat(unverified.body()).isEqualTo("tls /api/fn");
    assertThat(gw.get("/tls-verify-true").statusCode()).as("a self-signed certificate fails verification").isEqualTo(500);
  }

  @Test
  void schema_defaults_and_required_fields_are_kongs() {
    JsonNode c = gw.plugin("azure-functions", "{\"appname\":\"a\",\"functionname\":\"f\"}", "").get("config");
    assertThat(c.get("timeout").asInt()).isEqualTo(600000);
    assertThat(c.get("keepalive").asInt()).isEqualTo(60000);
    assertThat(c.get("https").asBoolean()).isTrue();
    assertThat(c.get("https_verify").asBoolean()).isFalse();
    assertThat(c.get("hostdomain").asText()).isEqualTo("azurewebsites.net");
    assertThat(c.get("routeprefix").asText()).isEqualTo("api");
    assertThat(c.get("apikey").isNull()).isTrue();
    assertThatThrownBy(() -> gw.plugin("azure-functions", "{\"appname\":\"a\"}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("functionname").hasMessageContaining("required field missing");
    assertThatThrownBy(() -> gw.plugin("azure-functions", "{\"functionname\":\"f\"}", ""))
        .hasMessageContaining("appname");
    // typedefs.protocols: any protocol may be listed (aws-lambda takes HTTP ones only)
    assertThat(gw.insert("plugins", "{\"name\":\"azure-functions\",\"protocols\":[\"tcp\",\"udp\"],"
        + "\"config\":{\"appname\":\"a\",\"functionname\":\"f\"}}").get("protocols")).hasToString("[\"tcp\",\"udp\"]");
  }
}
