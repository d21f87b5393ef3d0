package io.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.admin.testing.TestAdmin;
import io.gatehouse.core.json.Json;
import io.gatehouse.proxy.testing.RawClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Admin API against a web browser (issue 17): CORS grants only the configured origins, a
 * loopback listener refuses a foreign {@code Host} (DNS rebinding), a browser's cross-site write is
 * refused even when it needs no preflight, and plain API clients are not affected. Every refused
 * write is checked to have stored nothing. Raw sockets, so Host and Origin are sent as given.
 */
class BrowserDefenceIT {
  static final String MANAGER = "http://manager.test:8002";
  static final String OPS = "https://ops.example";
  static final String EVIL = "http://evil.example";

  /** admin_gui_url = http://manager.test:8002/manager/, admin_cors_origins = https://ops.example:443. */
  static TestAdmin gw;
  /** Nothing configured: no origin is granted. */
  static TestAdmin plain;

  @BeforeAll
  static void start() throws Exception {
    gw = new TestAdmin(b -> b.allowedOrigins(List.of(MANAGER + "/manager/", "https://ops.example:443"))
        .allowedHosts(List.of("admin.internal")));
    plain = new TestAdmin();
  }

  @AfterAll
  static void stop() {
    gw.close();
    plain.close();
  }

  static RawClient.Response send(TestAdmin t, String method, String path, String host, String headers, String body)
      throws IOException {
    InetSocketAddress a = t.admin.address();
    try (RawClient c = new RawClient(a)) {
      String h = host == null ? "" : "Host: " + host.replace("{port}", Integer.toString(a.getPort())) + "\r\n";
      c.send(method + " " + path + " HTTP/1.1\r\n" + h + headers
          + (body == null ? "" : "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n")
          + "Connection: close\r\n\r\n" + (body == null ? "" : body));
      return c.readResponse();
    }
  }

  static String local(TestAdmin t) {
    return "127.0.0.1:" + t.admin.address().getPort();
  }

  static long version(TestAdmin t) {
    return t.store.version();
  }

  static void assertRefused(RawClient.Response r, String message) {
    assertThat(r.status()).as(r.rawHead() + r.body()).isEqualTo(403);
    assertThat(Json.parse(r.body()).path("message").asText()).startsWith(message);
  }

  @Test
  void a_cross_site_form_post_writes_nothing() throws Exception { // no preflight for a form: the request itself must fail
    long before = version(gw);
    assertRefused(send(gw, "POST", "/services", local(gw),
        "Origin: " + EVIL + "\r\nContent-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: cross-site\r\n",
        "name=evil-form&host=evil.test"), "Cross-origin request refused");
    assertRefused(send(gw, "POST", "/services", local(gw),
        "Origin: " + EVIL + "\r\nContent-Type: text/plain\r\n", "{\"name\":\"evil-text\",\"host\":\"evil.test\"}"),
        "Cross-origin request refused");
    assertRefused(send(gw, "DELETE", "/services/anything", local(gw), "Origin: " + EVIL + "\r\n", null),
        "Cross-origin request refused");
    assertThat(version(gw)).isEqualTo(before);
    assertThat(gw.client.get("/services/evil-form").status()).isEqualTo(404);
  }

  @Test
  void null_origin_and_sec_fetch_site_cross_site_are_refused() throws Exception {
    long before = version(gw);
    assertRefused(send(gw, "POST", "/services", local(gw), "Origin: null\r\nContent-Type: application/json\r\n",
        "{\"name\":\"evil-null\",\"host\":\"evil.test\"}"), "Cross-origin request refused");
    assertRefused(send(gw, "POST", "/services", local(gw), "Sec-Fetch-Site: cross-site\r\nContent-Type: application/json\r\n",
        "{\"name\":\"evil-sfs\",\"host\":\"evil.test\"}"), "Cross-origin request refused");
    assertRefused(send(gw, "PATCH", "/services/x", local(gw), "Sec-Fetch-Site: same-site\r\nContent-Type: application/json\r\n",
        "{}"), "Cross-origin request refused");
    assertThat(version(gw)).isEqualTo(before);
    // a null origin is never granted by CORS either
    RawClient.Response get = send(gw, "GET", "/", local(gw), "Origin: null\r\n", null);
    assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo(MANAGER);
  }

  @Test
  void allowed_origins_write_and_read_with_kong_cors_headers() throws Exception {
    RawClient.Response created = send(gw, "POST", "/services", local(gw),
        "Origin: " + MANAGER + "\r\nContent-Type: application/json\r\nSec-Fetch-Site: cross-site\r\n",
        "{\"name\":\"from-manager\",\"host\":\"m.test\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(MANAGER);
    assertThat(created.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    // admin_cors_origins: default port dropped on both sides, as a browser serializes an origin
    RawClient.Response ops = send(gw, "POST", "/services", local(gw),
        "Origin: " + OPS + "\r\nContent-Type: application/x-www-form-urlencoded\r\n", "name=from-ops&host=o.test");
    assertThat(ops.status()).as(ops.body()).isEqualTo(201);
    assertThat(ops.header("Access-Control-Allow-Origin")).isEqualTo(OPS);
    // Kong's cors_filter: an origin not allowed is answered with the first allowed one, never itself
    RawClient.Response evil = send(gw, "GET", "/services", local(gw), "Origin: " + EVIL + "\r\n", null);
    assertThat(evil.status()).isEqualTo(200);
    assertThat(evil.header("Access-Control-Allow-Origin")).isEqualTo(MANAGER);
  }

  @Test
  void without_admin_gui_url_no_origin_is_reflected() throws Exception {
    RawClient.Response r = send(plain, "GET", "/", local(plain), "Origin: " + EVIL + "\r\n", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    // a client that is no browser (no Origin) keeps Kong's headers and can write
    RawClient.Response curl = send(plain, "POST", "/services", local(plain), "Content-Type: application/json\r\n",
        "{\"name\":\"from-curl\",\"host\":\"c.test\"}");
    assertThat(curl.status()).as(curl.body()).isEqualTo(201);
    assertThat(curl.header("Access-Control-Allow-Origin")).isEqualTo("*");
    long before = version(plain);
    assertRefused(send(plain, "POST", "/services", local(plain),
        "Origin: " + EVIL + "\r\nContent-Type: application/x-www-form-urlencoded\r\n", "name=evil-plain&host=e.test"),
        "Cross-origin request refused");
    assertThat(version(plain)).isEqualTo(before);
  }

  @Test
  void preflight_echoes_requested_headers_as_kong() throws Exception { // issue 21
    RawClient.Response pre = send(gw, "OPTIONS", "/services", local(gw), "Origin: " + MANAGER
        + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, kong-admin-token\r\n"
        + "Access-Control-Request-Private-Network: true\r\n", null);
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo(MANAGER);
    assertThat(pre.header("Access-Control-Allow-Headers")).isEqualTo("content-type, kong-admin-token");
    assertThat(pre.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, OPTIONS, POST");
    assertThat(pre.header("Access-Control-Allow-Private-Network")).isEqualTo("true");
    RawClient.Response bare = send(gw, "OPTIONS", "/services", local(gw), "", null);
    assertThat(bare.header("Access-Control-Allow-Headers")).isEqualTo("Content-Type");
    // a foreign origin's preflight gets no grant for itself
    RawClient.Response evil = send(plain, "OPTIONS", "/services", local(plain), "Origin: " + EVIL
        + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"
        + "Access-Control-Request-Private-Network: true\r\n", null);
    assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
    assertThat(evil.header("Access-Control-Allow-Private-Network")).isNull();
  }

  @Test
  void loopback_listener_refuses_a_rebound_host() throws Exception { // DNS rebinding: same origin as far as the browser knows
    long before = version(gw);
    assertRefused(send(gw, "GET", "/", "rebind.attacker.example:{port}", "", null), "Host not allowed");
    assertRefused(send(gw, "POST", "/services", "rebind.attacker.example:{port}",
        "Origin: http://rebind.attacker.example:" + gw.admin.address().getPort() + "\r\nContent-Type: application/json\r\n",
        "{\"name\":\"rebound\",\"host\":\"r.test\"}"), "Host not allowed");
    assertRefused(send(gw, "POST", "/services", "10.0.0.1", "Content-Type: application/json\r\n",
        "{\"name\":\"rebound2\",\"host\":\"r.test\"}"), "Host not allowed");
    assertThat(version(gw)).isEqualTo(before);
    for (String ok : List.of("localhost:{port}", "127.0.0.1:{port}", "127.0.0.2", "[::1]:{port}", "LOCALHOST.", "admin.internal:{port}")) {
      assertThat(send(gw, "GET", "/", ok, "", null).status()).as(ok).isEqualTo(200);
    }
    // same-origin write: a page the Admin API itself served (the Host passed the check)
    RawClient.Response same = send(gw, "POST", "/services", local(gw),
        "Origin: http://" + local(gw) + "\r\nContent-Type: application/json\r\nSec-Fetch-Site: same-origin\r\n",
        "{\"name\":\"same-origin\",\"host\":\"s.test\"}");
    assertThat(same.status()).as(same.body()).isEqualTo(201);
  }

  @Test
  void malformed_percent_encoding_answers_400_and_keeps_the_connection() throws Exception {
    InetSocketAddress a = gw.admin.address();
    try (RawClient c = new RawClient(a)) {
      for (String path : List.of("/services/not-a-uuid-%%%", "/services/%zz", "/%", "/services?tags=%%%", "/services?%GG=1")) {
        c.send("GET " + path + " HTTP/1.1\r\nHost: " + local(gw) + "\r\n\r\n");
        RawClient.Response r = c.readResponse();
        assertThat(r.status()).as(path).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(Json.parse(r.body()).path("message").asText()).as(path).isEqualTo("Bad request");
      }
      c.send("GET /services/from-nowhere HTTP/1.1\r\nHost: " + local(gw) + "\r\n\r\n");
      assertThat(c.readResponse().status()).isEqualTo(404);
    }
  }

  @Test
  void unpaired_surrogates_are_unparseable_json_as_in_kong() throws Exception { // lua-cjson: "invalid unicode escape code"
    long before = version(gw);
    for (String body : List.of(
        "{\"name\":\"a\\ud800b\",\"host\":\"u.test\"}",
        "{\"name\":\"a\\udc00\",\"host\":\"u.test\"}",
        "{\"host\":\"u.test\",\"tags\":[\"ok\",\"\\ud83d\"]}",
        "{\"host\":\"u.test\",\"\\ud800\":1}")) {
      var r = gw.client.post("/services", body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.message()).as(body).isEqualTo("Cannot parse JSON body");
    }
    assertThat(version(gw)).isEqualTo(before);
    // a well-formed pair is text: it reaches the schema, which judges the name
    var pair = gw.client.post("/services", "{\"host\":\"u.test\",\"tags\":[\"smile-\\ud83d\\ude00\"]}");
    assertThat(pair.status()).as(pair.text()).isEqualTo(201);
    assertThat(pair.json().at("/tags/0").asText()).isEqualTo("smile-\uD83D\uDE00");
  }

  @Test
  void the_body_limit_is_a_setting() throws Exception { // nginx_admin_client_max_body_size
    try (TestAdmin small = new TestAdmin(b -> b.maxBodyBytes(1024))) {
      String pad = "x".repeat(900);
      assertThat(small.client.post("/services", "{\"host\":\"a.test\",\"tags\":[\"" + pad + "\"]}").status()).isEqualTo(201);
      long before = version(small);
      assertThat(small.client.post("/services", "{\"host\":\"a.test\",\"tags\":[\"" + pad + pad + "\"]}").status()).isEqualTo(413);
      assertThat(version(small)).isEqualTo(before);
    }
  }
}
