package io.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.Entities;
import io.gatehouse.proxy.testing.RawClient;
import io.gatehouse.proxy.testing.TestProxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain HTTP/1.1 proxying: Kong's getting-started flow, routing, headers, errors (reference §4–§5). */
class ProxyIT {
  static TestProxy proxy;

  @BeforeAll
  static void start() {
    proxy = TestProxy.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body());
  }

  @Test
  void gettingStartedFlow() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/example"));
      r.put("strip_path", true);
    }));
    HttpResponse<String> r = proxy.get("/example/foo?a=1&b=%20x");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode echo = json(r);
    assertThat(echo.get("uri").asText()).isEqualTo("/foo?a=1&b=%20x");
    assertThat(echo.get("method").asText()).isEqualTo("GET");
    assertThat(r.headers().firstValue("Via").orElseThrow()).isEqualTo("1.1 gatehouse/" + ProxyOptions.DEFAULT_VERSION);
    assertThat(r.headers().firstValue("X-Kong-Upstream-Latency")).isPresent();
    assertThat(r.headers().firstValue("X-Kong-Proxy-Latency")).isPresent();
    assertThat(r.headers().firstValue("X-Kong-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
    assertThat(proxy.server().activeVersion()).isPositive();
  }

  @Test
  void upstreamRequestHeaders() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/hdr"));
    HttpResponse<String> r = proxy.get("/hdr/x?q", "X-Forwarded-Proto", "https", "Via", "1.0 other",
        "X-Forwarded-For", "1.2.3.4");
    JsonNode h = json(r).get("headers");
    int port = proxy.address().getPort();
    assertThat(h.get("host").asText()).isEqualTo("127.0.0.1:" + proxy.echo().port());
    assertThat(h.get("x-forwarded-for").asText()).isEqualTo("1.2.3.4, 127.0.0.1");
    assertThat(h.get("x-forwarded-proto").asText()).as("untrusted client value overwritten").isEqualTo("http");
    assertThat(h.get("x-forwarded-host").asText()).isEqualTo("127.0.0.1");
    assertThat(h.get("x-forwarded-port").asText()).isEqualTo(Integer.toString(port));
    assertThat(h.get("x-forwarded-path").asText()).isEqualTo("/hdr/x");
    assertThat(h.get("x-forwarded-prefix").asText()).isEqualTo("/hdr");
    assertThat(h.get("x-real-ip").asText()).isEqualTo("127.0.0.1");
    assertThat(h.get("via").asText()).isEqualTo("1.0 other, 1.1 gatehouse/" + ProxyOptions.DEFAULT_VERSION);
    assertThat(h.get("x-kong-request-id").asText()).isEqualTo(r.headers().firstValue("X-Kong-Request-Id").orElseThrow());
    assertThat(h.get("connection").asText()).isEqualTo("keep-alive");
  }

  @Test
  void preserveHost() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/ph"));
      r.put("preserve_host", true);
    }));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /ph HTTP/1.1\r\nHost: Example.test:1234\r\n\r\n").readResponse();
      assertThat(Json.parse(r.body()).get("headers").get("host").asText()).isEqualTo("Example.test:1234");
    }
  }

  @Test
  void hopByHopHeadersRemoved() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/hop"));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /hop HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Secret\r\n"
          + "X-Secret: 1\r\nProxy-Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nTE: trailers, deflate\r\n"
          + "Proxy: evil\r\n\r\n").readResponse();
      JsonNode h = Json.parse(r.body()).get("headers");
      assertThat(h.has("x-secret")).isFalse();
      assertThat(h.has("proxy-connection")).isFalse();
      assertThat(h.has("keep-alive")).isFalse();
      assertThat(h.has("proxy")).isFalse();
      assertThat(h.get("te").asText()).isEqualTo("trailers");
    }
  }

  @Test
  void trustedClientForwardedHeadersHonoured() {
    try (TestProxy trusting = TestProxy.start(b -> b.trustedIps(java.util.List.of("127.0.0.0/8"))
        .realIpHeader("X-Forwarded-For"))) {
      trusting.configure(e -> e.service(trusting.echo().url("/")).route("/t"));
      JsonNode h = json(trusting.get("/t", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "api.test",
          "X-Forwarded-Port", "443", "X-Forwarded-For", "9.9.9.9")).get("headers");
      assertThat(h.get("x-forwarded-proto").asText()).isEqualTo("https");
      assertThat(h.get("x-forwarded-host").asText()).isEqualTo("api.test");
      assertThat(h.get("x-forwarded-port").asText()).isEqualTo("443");
      assertThat(h.get("x-real-ip").asText()).isEqualTo("9.9.9.9");
      assertThat(h.get("x-forwarded-for").asText()).isEqualTo("9.9.9.9, 127.0.0.1");
    }
  }

  @Test
  void noRouteIs404WithKongBody() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/exists"));
    HttpResponse<String> r = proxy.get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    String id = r.headers().firstValue("X-Kong-Request-Id").orElseThrow();
    assertThat(r.body()).isEqualTo("{\n  \"message\":\"no Route matched with those values\",\n  \"request_id\":\"" + id + "\"\n}");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/json; charset=utf-8");
    assertThat(r.headers().firstValue("Server").orElseThrow()).isEqualTo("gatehouse/" + ProxyOptions.DEFAULT_VERSION);
    assertThat(r.headers().firstValue("X-Kong-Response-Latency")).isPresent();
    assertThat(r.headers().firstValue("Via")).isEmpty();
    HttpResponse<String> html = proxy.get("/nope", "Accept", "text/html");
    assertThat(html.body()).contains("<p>no Route matched with those values.</p>");
  }

  @Test
  void httpsOnlyRouteOverPlainHttpIs426() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/secure"));
      r.set("protocols", Entities.strings("https"));
    }).route("/open"));
    int before = proxy.echo().requests();
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /secure/x?a=1 HTTP/1.1\r\nHost: api.test\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(426);
      String id = r.header("X-Kong-Request-Id");
      assertThat(r.body()).isEqualTo("{\n  \"message\":\"Please use HTTPS protocol\",\n  \"request_id\":\"" + id + "\"\n}");
      assertThat(r.header("Upgrade")).isEqualTo("TLS/1.2, HTTP/1.1");
      assertThat(r.header("Connection")).isEqualTo("Upgrade");
      assertThat(proxy.echo().requests()).as("never forwarded").isEqualTo(before);
      // the connection stays usable
      assertThat(c.send("GET /open/y HTTP/1.1\r\nHost: api.test\r\n\r\n").readResponse().status()).isEqualTo(200);
    }
  }

  @Test
  void httpsOnlyRouteRedirectsWithItsStatusCode() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/moved"));
      r.set("protocols", Entities.strings("https"));
      r.put("https_redirect_status_code", 308);
    }));
    try (RawClient c = proxy.raw()) {
      RawClient.Response r = c.send("GET /moved/a%20b?q=1&r HTTP/1.1\r\nHost: API.test:8000\r\n\r\n").readResponse();
      assertThat(r.status()).isEqualTo(308);
      assertThat(r.header("Location")).isEqualTo("https://api.test/moved/a%20b?q=1&r");
      assertThat(r.body()).isEmpty();
    }
  }

  @Test
  void httpsOnlyRouteAcceptsTrustedForwardedProto() {
    try (TestProxy trusting = TestProxy.start(b -> b.trustedIps(java.util.List.of("127.0.0.0/8")))) {
      trusting.configure(e -> e.service(trusting.echo().url("/")).route(r -> {
        r.set("paths", Entities.strings("/tls"));
        r.set("protocols", Entities.strings("https"));
        r.put("https_redirect_status_code", 301);
      }));
      assertThat(trusting.get("/tls", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(200);
      HttpResponse<String> moved = trusting.get("/tls/p", "X-Forwarded-Host", "edge.test");
      assertThat(moved.statusCode()).isEqualTo(301);
      assertThat(moved.headers().firstValue("Location").orElseThrow()).isEqualTo("https://edge.test/tls/p");
    }
    // an untrusted client's X-Forwarded-Proto does not count
    proxy.configure(e -> e.service(proxy.echo().url("/")).route(r -> {
      r.set("paths", Entities.strings("/tls"));
      r.set("protocols", Entities.strings("https"));
    }));
    assertThat(proxy.get("/tls", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(426);
  }

  @Test
  void routeWithoutServiceIs503() {
    proxy.configure(e -> e.noService().route("/orphan"));
    HttpResponse<String> r = proxy.get("/orphan", "Accept", "text/plain");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).startsWith("no Service found with those values\nrequest_id: ");
  }

  @Test
  void disabledServiceRoutesLeaveTheRouter() {
    proxy.configure(e -> e.service(proxy.echo().url("/"), s -> s.put("enabled", false)).route("/disabled"));
    assertThat(proxy.get("/disabled").statusCode()).isEqualTo(404);
  }

  @Test
  void servicePathJoinedAndPathNormalized() {
    proxy.configure(e -> e.service(proxy.echo().url("/svc")).route("/foo"));
    assertThat(json(proxy.get("/foo/bar")).get("uri").asText()).isEqualTo("/svc/bar");
    assertThat(json(proxy.get("/foobar")).get("uri").asText()).isEqualTo("/svc/bar");
    assertThat(json(proxy.get("/foo/a/../%62")).get("uri").asText()).isEqualTo("/svc/b");
  }

  @Test
  void headersSettingOffRemovesKongHeaders() {
    try (TestProxy quiet = TestProxy.start(b -> b.headers(java.util.Set.of("off")))) {
      quiet.configure(e -> e.service(quiet.echo().url("/")).route("/q"));
      HttpResponse<String> r = quiet.get("/q");
      assertThat(r.headers().firstValue("Via")).isEmpty();
      assertThat(r.headers().firstValue("X-Kong-Proxy-Latency")).isEmpty();
      assertThat(r.headers().firstValue("X-Kong-Request-Id")).isEmpty();
      assertThat(quiet.get("/none").headers().firstValue("Server")).isEmpty();
    }
  }

  @Test
  void upstreamStatusHeaderWhenListed() {
    try (TestProxy p = TestProxy.start(b -> b.headers(java.util.Set.of("X-Kong-Upstream-Status")))) {
      p.configure(e -> e.service(p.echo().url("/")).route("/s"));
      assertThat(p.get("/s/status/201").headers().firstValue("X-Kong-Upstream-Status")).contains("201");
    }
  }

  @Test
  void upstreamErrorsPassThroughUntouched() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/up"));
    HttpResponse<String> r = proxy.get("/up/status/503");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r).get("uri").asText()).isEqualTo("/status/503");
  }

  @Test
  void postBodyForwarded() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/post"));
    HttpResponse<String> r = proxy.send(HttpRequest.newBuilder(proxy.uri("/post")).POST(
        HttpRequest.BodyPublishers.ofString("hello world")).build());
    assertThat(json(r).get("body").asText()).isEqualTo("hello world");
    assertThat(json(r).get("headers").get("content-length").asText()).isEqualTo("11");
  }

  @Test
  void headRequest() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/head"));
    try (RawClient c = proxy.raw()) {
      c.send("HEAD /head HTTP/1.1\r\nHost: x\r\n\r\nGET /head/2 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Response head = c.readOne();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isNotNull();
      // read the header block only: a HEAD response has no body, so the next bytes are the next response
    }
  }

  @Test
  void keepAliveReusesUpstreamConnections() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/ka"));
    proxy.get("/ka");
    int before = proxy.echo().connections();
    for (int i = 0; i < 20; i++) assertThat(proxy.get("/ka").statusCode()).isEqualTo(200);
    assertThat(proxy.echo().connections() - before).isLessThanOrEqualTo(2);
  }

  @Test
  void localhostServiceNeedsNoDns() {
    proxy.configure(e -> e.service("http://localhost:" + proxy.echo().port() + "/").route("/lh"));
    assertThat(proxy.get("/lh").statusCode()).isEqualTo(200);
  }

  @Test
  void badSnapshotKeepsOldConfig() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/keep"));
    long active = proxy.server().activeVersion();
    assertThatThrownBy(() -> proxy.configure(e -> e.service(proxy.echo().url("/")).route("~/bad((")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid regex");
    assertThat(proxy.server().activeVersion()).isEqualTo(active);
    assertThat(proxy.get("/keep").statusCode()).isEqualTo(200);
  }

  @Test
  void hostAndHeaderRouting() throws Exception {
    proxy.configure(e -> e.service(proxy.echo().url("/a")).route(r -> r.set("hosts", Entities.strings("*.wild.test")))
        .service(proxy.echo().url("/b")).route(r -> {
          r.set("hosts", Entities.strings("api.wild.test"));
          r.set("headers", Json.object().set("x-version", Entities.strings("v2")));
        }));
    try (RawClient c = proxy.raw()) {
      assertThat(Json.parse(c.send("GET /x HTTP/1.1\r\nHost: api.wild.test\r\n\r\n").readResponse().body())
          .get("uri").asText()).isEqualTo("/a/x");
      assertThat(Json.parse(c.send("GET /x HTTP/1.1\r\nHost: api.wild.test\r\nX-Version: V2\r\n\r\n").readResponse()
          .body()).get("uri").asText()).isEqualTo("/b/x");
    }
  }

  @Test
  void configChangeVisibleImmediately() {
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/v1only"));
    assertThat(proxy.get("/v2only").statusCode()).isEqualTo(404);
    proxy.configure(e -> e.service(proxy.echo().url("/")).route("/v2only"));
    org.awaitility.Awaitility.await().atMost(Duration.ofMillis(100 * 10))
        .until(() -> proxy.get("/v2only").statusCode() == 200);
  }
}
