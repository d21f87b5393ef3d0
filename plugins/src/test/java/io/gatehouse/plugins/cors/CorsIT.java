package io.gatehouse.plugins.cors;

import static io.gatehouse.plugins.testing.PluginGateway.id;
import static io.gatehouse.plugins.testing.PluginGateway.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.core.error.KongException;
import io.gatehouse.core.json.Json;
import io.gatehouse.plugins.testing.PluginGateway;
import java.net.ServerSocket;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** cors against a real proxy, pinning the cases of Kong's spec/03-plugins/13-cors (reference plugins §10). */
class CorsIT {
  static final String ALL_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT";
  static PluginGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = new PluginGateway();
    gw.plugin("cors", "{}", ref("route", gw.serviceAndRoute("/defaults")));
    gw.plugin("cors", "{\"origins\":[\"*\"],\"credentials\":true}", ref("route", gw.serviceAndRoute("/star-credentials")));
    gw.plugin("cors", "{\"origins\":[\"http://a.test\",\"*\"]}", ref("route", gw.serviceAndRoute("/with-star")));
    gw.plugin("cors", "{\"origins\":[\"example.test\"],\"methods\":[\"GET\"],\"headers\":[\"origin\",\"type\",\"accepts\"],"
        + "\"exposed_headers\":[\"x-auth-token\",\"x-other\"],\"max_age\":23,\"credentials\":true}",
        ref("route", gw.serviceAndRoute("/options")));
    gw.plugin("cors", "{\"origins\":[\"http://my-site.test\",\"http://my-other-site.test\"]}",
        ref("route", gw.serviceAndRoute("/two-sites")));
    gw.plugin("cors", "{\"origins\":[\"(.*[.])?example\\\\.test\",\"https?://.*\\\\.domain\\\\.test:8000\"]}",
        ref("route", gw.serviceAndRoute("/regex")));
    gw.plugin("cors", "{\"preflight_continue\":true}", ref("route", gw.serviceAndRoute("/continue")));
    gw.plugin("cors", "{\"private_network\":true}", ref("route", gw.serviceAndRoute("/private")));
    ObjectNode authed = gw.serviceAndRoute("/with-auth");
    gw.plugin("cors", "{\"origins\":[\"http://a.test\",\"http://b.test\"],\"credentials\":true}", ref("route", authed));
    gw.plugin("key-auth", "{}", ref("route", authed));
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    ObjectNode dead = gw.insert("services", "{\"host\":\"127.0.0.1\",\"port\":" + deadPort + "}");
    ObjectNode deadRoute = gw.insert("routes", "{\"paths\":[\"/dead\"],\"service\":{\"id\":\"" + id(dead) + "\"}}");
    gw.plugin("cors", "{\"origins\":[\"http://a.test\",\"http://b.test\"]}", ref("route", deadRoute));
    gw.apply();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static HttpResponse<String> preflight(String path, String origin, String... more) {
    String[] headers = new String[4 + more.length];
    headers[0] = "Origin";
    headers[1] = origin;
    headers[2] = "Access-Control-Request-Method";
    headers[3] = "GET";
    System.arraycopy(more, 0, headers, 4, more.length);
    return gw.send("OPTIONS", path, headers);
  }

  static String h(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void preflight_with_defaults() {
    HttpResponse<String> r = preflight("/defaults", "origin1.test");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(h(r, "Content-Length")).isEqualTo("0");
    assertThat(h(r, "Access-Control-Allow-Methods")).isEqualTo(ALL_METHODS);
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    for (String absent : new String[] {"Access-Control-Allow-Headers", "Access-Control-Expose-Headers",
        "Access-Control-Allow-Credentials", "Access-Control-Max-Age", "Vary", "Access-Control-Allow-Private-Network"}) {
      assertThat(h(r, absent)).as(absent).isNull();
    }
    // without configured headers, the requested ones are echoed
    assertThat(h(preflight("/defaults", "o.test", "Access-Control-Request-Headers", "X-Foo, X-Bar"),
        "Access-Control-Allow-Headers")).isEqualTo("X-Foo, X-Bar");
  }

  @Test
  void wildcard_with_credentials_echoes_the_origin() {
    HttpResponse<String> r = preflight("/star-credentials", "origin5.test");
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("origin5.test");
    assertThat(h(r, "Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(h(r, "Vary")).isEqualTo("Origin");
    HttpResponse<String> actual = gw.get("/star-credentials", "Origin", "http://x.test");
    assertThat(h(actual, "Access-Control-Allow-Origin")).isEqualTo("http://x.test");
    assertThat(h(actual, "Access-Control-Allow-Credentials")).isEqualTo("true");
    // no Origin: "*" and nothing about credentials
    HttpResponse<String> none = gw.get("/star-credentials");
    assertThat(h(none, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(h(none, "Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void a_star_among_several_entries_allows_all() {
    assertThat(h(preflight("/with-star", "http://a.test"), "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(h(gw.get("/with-star", "Origin", "http://other.test"), "Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void configured_options_on_preflight() {
    HttpResponse<String> r = preflight("/options", "http://evil.test");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h(r, "Access-Control-Allow-Methods")).isEqualTo("GET");
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("example.test"); // one literal: sent whatever the Origin
    assertThat(h(r, "Access-Control-Max-Age")).isEqualTo("23");
    assertThat(h(r, "Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(h(r, "Access-Control-Allow-Headers")).isEqualTo("origin,type,accepts");
    assertThat(h(r, "Vary")).isEqualTo("Origin");
    assertThat(h(r, "Access-Control-Expose-Headers")).isNull();
  }

  @Test
  void actual_request_headers() {
    HttpResponse<String> r = gw.get("/options", "Origin", "http://evil.test");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("method").asText()).isEqualTo("GET"); // proxied
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("example.test");
    assertThat(h(r, "Access-Control-Expose-Headers")).isEqualTo("x-auth-token,x-other");
    assertThat(h(r, "Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(r.headers().allValues("Vary")).containsExactly("Origin");
    assertThat(h(r, "Access-Control-Allow-Methods")).isNull();
    assertThat(h(r, "Access-Control-Max-Age")).isNull();
    // defaults: "*" even without an Origin
    assertThat(h(gw.get("/defaults"), "Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void origin_matching_normalizes_scheme_and_port() {
    assertThat(h(gw.get("/two-sites", "Origin", "http://my-site.test"), "Access-Control-Allow-Origin")).isEqualTo("http://my-site.test");
    assertThat(h(gw.get("/two-sites", "Origin", "http://my-site.test:80"), "Access-Control-Allow-Origin"))
        .isEqualTo("http://my-site.test");
    assertThat(h(gw.get("/two-sites", "Origin", "http://my-other-site.test"), "Access-Control-Allow-Origin"))
        .isEqualTo("http://my-other-site.test");
    for (String rejected : new String[] {"http://my-site.test:8000", "https://my-site.test", "http://my-site.test.bad-guys.test",
        "http://bad-guys.test"}) {
      HttpResponse<String> r = gw.get("/two-sites", "Origin", rejected);
      assertThat(h(r, "Access-Control-Allow-Origin")).as(rejected).isNull();
      assertThat(h(r, "Vary")).as(rejected).isEqualTo("Origin");
    }
  }

  @Test
  void regex_origins() {
    // no ':' in the regex: matched against the host, anchored at both ends
    assertThat(h(gw.get("/regex", "Origin", "http://www.example.test"), "Access-Control-Allow-Origin"))
        .isEqualTo("http://www.example.test");
    assertThat(h(gw.get("/regex", "Origin", "https://example.test:443"), "Access-Control-Allow-Origin"))
        .isEqualTo("https://example.test");
    assertThat(h(gw.get("/regex", "Origin", "http://example.test.evil.test"), "Access-Control-Allow-Origin")).isNull();
    // with ':': matched against scheme://host:port
    assertThat(h(gw.get("/regex", "Origin", "https://a.domain.test:8000"), "Access-Control-Allow-Origin"))
        .isEqualTo("https://a.domain.test:8000");
    assertThat(h(gw.get("/regex", "Origin", "https://a.domain.test:9000"), "Access-Control-Allow-Origin")).isNull();
    HttpResponse<String> p = preflight("/regex", "http://api.example.test");
    assertThat(h(p, "Access-Control-Allow-Origin")).isEqualTo("http://api.example.test");
  }

  @Test
  void options_without_request_method_is_not_a_preflight() {
    HttpResponse<String> r = gw.send("OPTIONS", "/options", "Origin", "http://x.test");
    assertThat(Json.parse(r.body()).get("method").asText()).isEqualTo("OPTIONS"); // proxied
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("example.test");
    assertThat(h(r, "Access-Control-Allow-Methods")).isNull();
  }

  @Test
  void preflight_continue_proxies_and_adds_nothing() {
    HttpResponse<String> r = preflight("/continue", "http://x.test");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.parse(r.body()).get("method").asText()).isEqualTo("OPTIONS");
    assertThat(h(r, "Access-Control-Allow-Origin")).isNull();
    assertThat(h(r, "Access-Control-Allow-Methods")).isNull();
  }

  @Test
  void private_network() {
    assertThat(h(preflight("/private", "http://x.test", "Access-Control-Request-Private-Network", "true"),
        "Access-Control-Allow-Private-Network")).isEqualTo("true");
    assertThat(h(preflight("/private", "http://x.test"), "Access-Control-Allow-Private-Network")).isNull();
    assertThat(h(preflight("/defaults", "http://x.test", "Access-Control-Request-Private-Network", "true"),
        "Access-Control-Allow-Private-Network")).isNull();
  }

  @Test
  void preflight_is_answered_before_authentication_and_errors_get_cors_headers() {
    HttpResponse<String> p = preflight("/with-auth", "http://a.test");
    assertThat(p.statusCode()).isEqualTo(200);
    assertThat(h(p, "Access-Control-Allow-Origin")).isEqualTo("http://a.test");
    HttpResponse<String> denied = gw.get("/with-auth", "Origin", "http://b.test");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(h(denied, "Access-Control-Allow-Origin")).isEqualTo("http://b.test");
    assertThat(h(denied, "Access-Control-Allow-Credentials")).isEqualTo("true");
    HttpHeaders headers = gw.get("/dead", "Origin", "http://a.test").headers();
    assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue("http://a.test");
  }

  @Test
  void upstream_failures_get_cors_headers() {
    HttpResponse<String> r = gw.get("/dead", "Origin", "http://b.test");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("http://b.test");
  }

  @Test
  void schema_checks() {
    assertThatThrownBy(() -> gw.plugin("cors", "{\"origins\":[\"[\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("'[' is not a valid regex");
    assertThatThrownBy(() -> gw.plugin("cors", "{\"methods\":[\"FETCH\"]}", ""))
        .isInstanceOf(KongException.class).hasMessageContaining("expected one of: GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT");
    ObjectNode consumer = gw.consumer("c-" + System.nanoTime());
    assertThatThrownBy(() -> gw.plugin("cors", "{}", ref("consumer", consumer)))
        .isInstanceOf(KongException.class).hasMessageContaining("consumer: value must be null");
    ObjectNode defaults = gw.plugin("cors", "{}", "");
    assertThat(defaults.at("/config/methods").toString()).isEqualTo("[\"GET\",\"HEAD\",\"PUT\",\"PATCH\",\"POST\",\"DELETE\",\"OPTIONS\",\"TRACE\",\"CONNECT\"]");
    assertThat(defaults.at("/config/credentials").asBoolean()).isFalse();
    assertThat(defaults.at("/config/private_network").asBoolean()).isFalse();
    assertThat(defaults.at("/config/preflight_continue").asBoolean()).isFalse();
  }
}
